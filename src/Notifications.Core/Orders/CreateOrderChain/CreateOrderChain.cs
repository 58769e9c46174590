using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.CreateOrderChain;

/// <summary>
/// Registers an order chain (<c>POST /future/orders</c>): a main shipment and up to ten reminders, each an order of its own
/// that is processed exactly like a v1 order. Property names mirror the request (see <see cref="ChainRecipientInput"/>).
/// </summary>
public sealed record CreateOrderChainCommand(
    string Creator,
    string? IdempotencyId,
    ChainRecipientInput? Recipient,
    string? SendersReference = null,
    DateTime? RequestedSendTime = null,
    string? ConditionEndpoint = null,
    DialogportenInput? DialogportenAssociation = null,
    IReadOnlyList<ReminderInput>? Reminders = null) : IRegistrationCommand<CreateOrderChainResult>
{
    string? IRegistrationCommand<CreateOrderChainResult>.IdempotencyKey => IdempotencyId;

    IdempotencyScope IRegistrationCommand<CreateOrderChainResult>.Scope => IdempotencyScope.ChainId;

    public string RequestHash() => RegistrationHash.Of(this with { Creator = "" });

    public CreateOrderChainResult Replay(PriorRegistration prior) => ChainShipments.Receipt(prior.Id, prior.Orders, replayed: true);
}

/// <param name="Replayed">True when an earlier request with the same idempotency id created the chain.</param>
public sealed record CreateOrderChainResult(Guid ChainId, ShipmentReceipt Notification, IReadOnlyList<ShipmentReceipt> Reminders, bool Replayed);

/// <summary>
/// Validated by then: looks up every person and organisation of
/// every shipment, refuses the chain when any of them has no address (reserved persons aside), and stores the chain with
/// all its shipments in one transaction.
/// </summary>
public sealed class CreateOrderChainHandler(
    IOrderChainStore chains,
    RegistrationReplays replays,
    IContactRegistry contactRegistry,
    IOptions<EmailDefaults> emailDefaults,
    IWorkSignal workSignal,
    TimeProvider clock,
    ILogger<CreateOrderChainHandler> logger,
    NotificationsMetrics metrics) : ICommandHandler<CreateOrderChainCommand, CreateOrderChainResult>
{
    public async ValueTask<CreateOrderChainResult> Handle(CreateOrderChainCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var chain = new OrderChain
        {
            Id = Guid.CreateVersion7(now),
            Creator = command.Creator,
            IdempotencyId = command.IdempotencyId!,
            RequestHash = command.RequestHash(),
            SendersReference = command.SendersReference,
            DialogId = command.DialogportenAssociation?.DialogId,
            TransmissionId = command.DialogportenAssociation?.TransmissionId,
            Created = now,
        };
        var planned = ChainShipments.Plan(command, chain.Id, emailDefaults.Value, now);
        // A replay is found when the INSERT meets the idempotency id; a chain that needs a lookup looks first, so a
        // retry is not looked up again (nor refused because the registry is away).
        if (planned.Any(s => s.Recipients[0].EmailAddress is null)
            && await replays.FindAsync(command, cancellationToken, chain.RequestHash) is { } replay)
        {
            return replay;
        }

        var shipments = await LookUpAsync(planned, cancellationToken);

        if (!await chains.TryAddAsync(chain, shipments, cancellationToken))
        {
            // A concurrent request with the same idempotency id won: answer as its replay.
            return await replays.OfWinnerAsync(command, chain.RequestHash, cancellationToken);
        }

        logger.LogInformation(
            "Registered order chain {ChainId} for {Creator}: {Shipments} shipments, first due {RequestedSendTime:o}",
            chain.Id, chain.Creator, shipments.Count, shipments[0].RequestedSendTime);
        workSignal.OrderRegistered(shipments.Min(s => s.RequestedSendTime));
        metrics.OrderAccepted(chain.Creator);
        return ChainShipments.Receipt(chain.Id, shipments, replayed: false);
    }

    /// <summary>
    /// One registry call for every person and organisation of the chain; each shipment keeps its own lookup result (as a
    /// v1 order does). Any recipient without an address, reserved persons aside, refuses the whole chain.
    /// </summary>
    private async Task<IReadOnlyList<NotificationOrder>> LookUpAsync(IReadOnlyList<NotificationOrder> shipments, CancellationToken cancellationToken)
    {
        var recipients = shipments.Select(s => s.Recipients[0]).Where(r => r.EmailAddress is null).Distinct().ToList();
        if (recipients.Count == 0)
        {
            return shipments;
        }

        var contacts = await contactRegistry.LookUpAsync(recipients, cancellationToken);
        foreach (var shipment in shipments.Where(s => s.Recipients[0].EmailAddress is null))
        {
            shipment.RecipientLookup = RecipientLookup.Summarise(shipment.Recipients, contacts, shipment.IgnoreReservation);
        }

        var missing = shipments.SelectMany(s => s.RecipientLookup?.MissingContact ?? []).Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new MissingContactException(missing);
        }

        return shipments;
    }

}
