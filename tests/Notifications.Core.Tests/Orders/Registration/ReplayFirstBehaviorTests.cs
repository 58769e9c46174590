using FluentValidation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateEmailOrder;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;
using static Notifications.Core.Tests.Orders.CreateEmailOrder.TestCommands;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Tests.Orders.Registration;

/// <summary>Idempotent replays come first: the whole pipeline, replay → validation → handler, on a frozen clock.</summary>
public sealed class ReplayFirstBehaviorTests
{
    private const string SendTimeInPastMessage = "Send time must be in the future. Leave blank to send immediately.";

    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IOrderRepository> _orders = new();
    private readonly List<(NotificationOrder Order, IdempotencyRecord? Idempotency)> _stored = [];

    [SetUp]
    public void SetUp()
    {
        _orders
            .Setup(o => o.TryAddAsync(It.IsAny<NotificationOrder>(), It.IsAny<IdempotencyRecord?>(), It.IsAny<CancellationToken>()))
            .Callback((NotificationOrder order, IdempotencyRecord? idempotency, CancellationToken _) => _stored.Add((order, idempotency)))
            .ReturnsAsync(true);
        _orders
            .Setup(o => o.FindIdempotencyRecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string creator, string key, CancellationToken _) =>
                _stored.Select(s => s.Idempotency).FirstOrDefault(i => i is not null && i.Creator == creator && i.Key == key));
        _orders
            .Setup(o => o.GetAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Guid id, string creator, CancellationToken _) =>
                _stored.Select(s => s.Order).FirstOrDefault(o => o.Id == id && o.Creator == creator));
    }

    private RegistrationReplays Replays => new(_orders.Object, Mock.Of<IOrderChainStore>());

    /// <summary>In the order Program.cs registers them.</summary>
    private async Task<CreateEmailOrderResult> SendAsync(CreateEmailOrderCommand command)
    {
        var handler = new CreateEmailOrderHandler(
            _orders.Object, Replays, Mock.Of<IContactRegistry>(), Options.Create(new EmailDefaults()), Mock.Of<IWorkSignal>(), _clock,
            NullLogger<CreateEmailOrderHandler>.Instance, TestMeterFactory.Metrics(_clock));
        var validation = new ValidationBehavior<CreateEmailOrderCommand, CreateEmailOrderResult>([new CreateEmailOrderValidator(_clock)]);
        return await new ReplayFirstBehavior<CreateEmailOrderCommand, CreateEmailOrderResult>(Replays).Handle(
            command, (c, ct) => validation.Handle(c, handler.Handle, ct), CancellationToken.None);
    }

    [Test]
    public async Task Replay_AfterItsSendTimeHasPassed_ReturnsTheFirstOrder()
    {
        var command = Valid() with { IdempotencyKey = "key-1", RequestedSendTime = _clock.UtcNow.AddMinutes(10).UtcDateTime };
        var first = await SendAsync(command);
        _clock.UtcNow = _clock.UtcNow.AddHours(1);

        var replay = await SendAsync(command);

        Assert.That(replay, Is.EqualTo(first with { Replayed = true }));
        Assert.That(_stored, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task NewKey_WithTheSameStaleSendTime_IsStillRejected()
    {
        var command = Valid() with { IdempotencyKey = "key-1", RequestedSendTime = _clock.UtcNow.AddMinutes(10).UtcDateTime };
        await SendAsync(command);
        _clock.UtcNow = _clock.UtcNow.AddHours(1);

        var exception = Assert.ThrowsAsync<ValidationException>(() => SendAsync(command with { IdempotencyKey = "key-2" }));

        Assert.That(exception!.Errors.Select(e => (e.PropertyName, e.ErrorMessage)), Is.EqualTo(new[] { ("RequestedSendTime", SendTimeInPastMessage) }));
    }

    [Test]
    public async Task SameKey_WithAnotherBody_IsAConflictEvenAfterTheSendTimeHasPassed()
    {
        var command = Valid() with { IdempotencyKey = "key-1", RequestedSendTime = _clock.UtcNow.AddMinutes(10).UtcDateTime };
        await SendAsync(command);
        _clock.UtcNow = _clock.UtcNow.AddHours(1);

        Assert.ThrowsAsync<ConflictException>(() => SendAsync(command with { Subject = "Another subject" }));
        Assert.That(_stored, Has.Count.EqualTo(1));
    }

    [TestCase("key\0")]
    [TestCase("")]
    public void MalformedKey_IsNotLookedUpButReportedByValidation(string key)
    {
        Assert.ThrowsAsync<ValidationException>(() => SendAsync(Valid() with { IdempotencyKey = key }));

        _orders.Verify(o => o.FindIdempotencyRecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
