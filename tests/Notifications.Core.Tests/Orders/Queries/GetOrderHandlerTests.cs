using Moq;
using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.Queries;
using Notifications.Core.Ports;

namespace Notifications.Core.Tests.Orders.Queries;

public sealed class GetOrderHandlerTests
{
    private readonly Mock<IOrderRepository> _orders = new();

    private static NotificationOrder Order(string creator) => new()
    {
        Id = Guid.Parse("0197a2c4-0000-7000-8000-000000000002"),
        Creator = creator,
        Created = FixedTimeProvider.DefaultNow,
        RequestedSendTime = FixedTimeProvider.DefaultNow,
        Recipients = [new Recipient(EmailAddress: "user@example.com")],
        EmailTemplate = new EmailTemplate("noreply@notifications.local", "Subject", "Body", EmailContentType.Plain),
    };

    [Test]
    public async Task Handle_WithTheCreatorsOrder_ReturnsIt()
    {
        var order = Order("ttd");
        _orders.Setup(o => o.GetAsync(order.Id, "ttd", It.IsAny<CancellationToken>())).ReturnsAsync(order);

        var result = await new GetOrderHandler(_orders.Object).Handle(new GetOrderQuery(order.Id, "ttd"), CancellationToken.None);

        Assert.That(result, Is.SameAs(order));
    }

    [Test]
    public void Handle_WithAnotherCreatorsOrUnknownOrder_ThrowsNotFound()
    {
        _orders.Setup(o => o.GetAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((NotificationOrder?)null);

        Assert.ThrowsAsync<NotFoundException>(async () =>
            await new GetOrderHandler(_orders.Object).Handle(new GetOrderQuery(Guid.NewGuid(), "other"), CancellationToken.None));
    }
}
