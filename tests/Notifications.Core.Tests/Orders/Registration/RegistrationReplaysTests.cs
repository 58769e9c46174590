using FluentValidation;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateOrderChain;
using Notifications.Core.Orders.Registration;
using Notifications.Core.Orders.SendInstantEmail;
using Notifications.Core.Ports;

namespace Notifications.Core.Tests.Orders.Registration;

/// <summary>
/// The one replay behaviour and lookup, on the future API's commands (v1's are in <see cref="ReplayFirstBehaviorTests"/>):
/// chains and instant emails share the creator's idempotency ids, and a replay outranks validation for both.
/// </summary>
public sealed class RegistrationReplaysTests
{
    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IOrderChainStore> _chains = new();
    private readonly Mock<IOrderRepository> _orders = new(MockBehavior.Strict);

    private RegistrationReplays Replays => new(_orders.Object, _chains.Object);

    private static EmailSettingsInput Settings => new("Subject", "Body");

    private static CreateOrderChainCommand Chain(DateTime? sendTime = null) =>
        new("ttd", "case-1", new ChainRecipientInput(RecipientEmail: new RecipientEmailInput("a@example.com", Settings)), "ref-1", sendTime);

    private static SendInstantEmailCommand Instant(string subject = "Subject") =>
        new("ttd", "case-1", "otp", new RecipientEmailInput("a@example.com", Settings with { Subject = subject }));

    private NotificationOrder Shipment(Guid chainId, ShipmentType type, string? sendersReference) => new()
    {
        Id = Guid.CreateVersion7(), Creator = "ttd", Created = _clock.GetUtcNow(), ChainId = chainId, Type = type,
        SendersReference = sendersReference, RequestedSendTime = _clock.GetUtcNow(), Recipients = [new Recipient(EmailAddress: "a@example.com")],
        EmailTemplate = new EmailTemplate("noreply@x.example", "Subject", "Body", EmailContentType.Plain),
        ProcessingStatus = OrderProcessingStatus.Registered, ProcessingStatusChanged = _clock.GetUtcNow(),
    };

    private IReadOnlyList<NotificationOrder> GivenStoredChain(string requestHash, Guid chainId, params NotificationOrder[] shipments)
    {
        var chain = new OrderChain { Id = chainId, Creator = "ttd", IdempotencyId = "case-1", RequestHash = requestHash, Created = _clock.GetUtcNow() };
        _chains.Setup(c => c.FindByIdempotencyIdAsync("ttd", "case-1", It.IsAny<CancellationToken>())).ReturnsAsync(chain);
        _chains.Setup(c => c.GetAsync(chainId, "ttd", It.IsAny<CancellationToken>()))
            .ReturnsAsync(shipments.Length == 0 ? null : new OrderChainView(chain, shipments));
        return shipments;
    }

    /// <summary>Replay → validation → a handler that must not run: only the behaviour may answer.</summary>
    private ValueTask<TReceipt> SendAsync<TCommand, TReceipt>(TCommand command, IValidator<TCommand> validator)
        where TCommand : IRegistrationCommand<TReceipt>
        where TReceipt : class
    {
        var validation = new ValidationBehavior<TCommand, TReceipt>([validator]);
        return new ReplayFirstBehavior<TCommand, TReceipt>(Replays).Handle(
            command, (c, ct) => validation.Handle(c, (_, _) => throw new AssertionException("the handler ran"), ct), CancellationToken.None);
    }

    [Test]
    public async Task ChainReplay_AfterItsSendTimeHasPassed_AnswersTheFirstReceipt()
    {
        var command = Chain(_clock.UtcNow.AddMinutes(10).UtcDateTime);
        var chainId = Guid.NewGuid();
        var main = GivenStoredChain(command.RequestHash(), chainId, Shipment(chainId, ShipmentType.Notification, "ref-1"))[0];
        _clock.UtcNow = _clock.UtcNow.AddHours(1);

        var replay = await SendAsync<CreateOrderChainCommand, CreateOrderChainResult>(
            command, new CreateOrderChainValidator(Options.Create(new EmailDefaults()), _clock));

        Assert.That(replay.ChainId, Is.EqualTo(chainId));
        Assert.That(replay.Notification, Is.EqualTo(new ShipmentReceipt(main.Id, "ref-1")));
        Assert.That(replay.Replayed, Is.True);
    }

    [Test]
    public void InstantEmail_WithAnIdTakenByAChainOfAnotherBody_IsAConflictNamingTheIdempotencyId()
    {
        var chainId = Guid.NewGuid();
        GivenStoredChain(Chain().RequestHash(), chainId, Shipment(chainId, ShipmentType.Notification, "ref-1"));

        var conflict = Assert.ThrowsAsync<ConflictException>(async () => await Replays.FindAsync(Instant(), CancellationToken.None));

        Assert.That(conflict!.Message, Is.EqualTo("The idempotencyId has already been used for a different request."));
    }

    [Test]
    public async Task InstantEmailReplay_AnswersItsOneShipment()
    {
        var chainId = Guid.NewGuid();
        var shipment = GivenStoredChain(Instant().RequestHash(), chainId, Shipment(chainId, ShipmentType.Instant, "otp"))[0];

        var replay = await Replays.FindAsync(Instant(), CancellationToken.None);

        Assert.That(replay, Is.EqualTo(new SendInstantEmailResult(chainId, new ShipmentReceipt(shipment.Id, "otp"), Replayed: true)));
    }

    [Test]
    public void Replay_OfAChainWhoseShipmentsAreGone_IsAConflict()
    {
        GivenStoredChain(Chain().RequestHash(), Guid.NewGuid());

        var conflict = Assert.ThrowsAsync<ConflictException>(async () => await Replays.FindAsync(Chain(), CancellationToken.None));

        Assert.That(conflict!.Message, Is.EqualTo("The idempotencyId belongs to an order that no longer exists."));
    }

    [Test]
    public async Task NewId_IsNoReplay_AndChainIdsAreNotLookedUpAmongV1Keys()
    {
        Assert.That(await Replays.FindAsync(Chain(), CancellationToken.None), Is.Null);
        Assert.That(await Replays.FindAsync(Instant(), CancellationToken.None), Is.Null);
        _chains.Verify(c => c.FindByIdempotencyIdAsync("ttd", "case-1", It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public void RequestHash_IgnoresTheCreator_AndTellsBodiesApart()
    {
        Assert.That((Chain() with { Creator = "other" }).RequestHash(), Is.EqualTo(Chain().RequestHash()));
        Assert.That((Instant() with { Creator = "other" }).RequestHash(), Is.EqualTo(Instant().RequestHash()));
        Assert.That(Instant("Another subject").RequestHash(), Is.Not.EqualTo(Instant().RequestHash()));
        Assert.That((Chain() with { SendersReference = "ref-2" }).RequestHash(), Is.Not.EqualTo(Chain().RequestHash()));
    }
}
