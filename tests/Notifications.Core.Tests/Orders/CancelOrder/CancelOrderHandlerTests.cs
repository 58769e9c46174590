using Moq;
using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CancelOrder;
using Notifications.Core.Ports;

namespace Notifications.Core.Tests.Orders.CancelOrder;

public sealed class CancelOrderHandlerTests
{
    private const string Creator = "ttd";

    private static readonly Guid OrderId = Guid.Parse("0197a2c4-0000-7000-8000-000000000001");

    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IOrderRepository> _orders = new();

    private CancelOrderHandler Handler => new(_orders.Object, _clock);

    private Task<NotificationOrder> HandleAsync() =>
        Handler.Handle(new CancelOrderCommand(OrderId, Creator), CancellationToken.None).AsTask();

    private NotificationOrder OrderWith(OrderProcessingStatus status, TimeSpan dueIn) => new()
    {
        Id = OrderId,
        Creator = Creator,
        Created = _clock.UtcNow.AddHours(-1),
        RequestedSendTime = _clock.UtcNow + dueIn,
        Recipients = [new Recipient(EmailAddress: "user@example.com")],
        EmailTemplate = new EmailTemplate("noreply@notifications.local", "Subject", "Body", EmailContentType.Plain),
        ProcessingStatus = status,
    };

    private void GivenTryCancelReturns(bool cancelled) =>
        _orders
            .Setup(o => o.TryCancelAsync(OrderId, Creator, It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(cancelled);

    private void GivenStoredOrder(NotificationOrder? order) =>
        _orders.Setup(o => o.GetAsync(OrderId, Creator, It.IsAny<CancellationToken>())).ReturnsAsync(order);

    [Test]
    public async Task Handle_WhenTheOrderIsCancelled_ReturnsTheOrder()
    {
        var cancelled = OrderWith(OrderProcessingStatus.Cancelled, TimeSpan.FromHours(1));
        GivenTryCancelReturns(true);
        GivenStoredOrder(cancelled);

        var result = await HandleAsync();

        Assert.That(result, Is.SameAs(cancelled));
    }

    [Test]
    public async Task Handle_AsksToCancelOnlyOrdersDueAfterTheMargin()
    {
        GivenTryCancelReturns(true);
        GivenStoredOrder(OrderWith(OrderProcessingStatus.Cancelled, TimeSpan.FromHours(1)));

        await HandleAsync();

        _orders.Verify(o => o.TryCancelAsync(
            OrderId, Creator, _clock.UtcNow + TimeSpan.FromMinutes(5), _clock.UtcNow, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_WhenTheOrderDoesNotExist_ThrowsNotFound()
    {
        GivenTryCancelReturns(false);
        GivenStoredOrder(null);

        Assert.ThrowsAsync<NotFoundException>(HandleAsync);
    }

    [TestCase(OrderProcessingStatus.Processing)]
    [TestCase(OrderProcessingStatus.Processed)]
    [TestCase(OrderProcessingStatus.Completed)]
    [TestCase(OrderProcessingStatus.SendConditionNotMet)]
    public void Handle_WhenProcessingHasStarted_ThrowsConflict(OrderProcessingStatus status)
    {
        GivenTryCancelReturns(false);
        GivenStoredOrder(OrderWith(status, TimeSpan.FromHours(-1)));

        var exception = Assert.ThrowsAsync<ConflictException>(HandleAsync);

        Assert.That(exception!.Message, Does.Contain("Processing of the order has started"));
    }

    [Test]
    public void Handle_WhenTheRegisteredOrderIsDueWithinFiveMinutes_ThrowsConflict()
    {
        GivenTryCancelReturns(false);
        GivenStoredOrder(OrderWith(OrderProcessingStatus.Registered, TimeSpan.FromMinutes(4)));

        var exception = Assert.ThrowsAsync<ConflictException>(HandleAsync);

        Assert.That(exception!.Message, Does.Contain("due within five minutes"));
    }

    [Test]
    public async Task Handle_WhenTheOrderIsAlreadyCancelled_ReturnsItAgain()
    {
        var cancelled = OrderWith(OrderProcessingStatus.Cancelled, TimeSpan.FromHours(1));
        GivenTryCancelReturns(false);
        GivenStoredOrder(cancelled);

        var result = await HandleAsync();

        Assert.That(result, Is.SameAs(cancelled));
    }
}
