using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.CreateEmailOrder;

/// <summary>
/// Registers an email order. Property names mirror the request contract so validation errors are keyed by the
/// request's property paths (<c>Recipients[0].EmailAddress</c>).
/// </summary>
/// <param name="RequestedSendTime">As parsed from JSON: <see cref="DateTimeKind.Unspecified"/> means the client gave no zone.</param>
public sealed record CreateEmailOrderCommand(
    string Creator,
    string? Subject,
    string? Body,
    IReadOnlyList<RecipientInput?>? Recipients,
    EmailContentType ContentType = EmailContentType.Plain,
    DateTime? RequestedSendTime = null,
    string? SendersReference = null,
    string? ResourceId = null,
    bool IgnoreReservation = false,
    string? ConditionEndpoint = null,
    string? IdempotencyKey = null) : IRegistrationCommand<CreateEmailOrderResult>
{
    IdempotencyScope IRegistrationCommand<CreateEmailOrderResult>.Scope => IdempotencyScope.OrderKey;

    /// <remarks>The key travels in a header, beside the body: it is not part of what was asked for.</remarks>
    public string RequestHash() => RegistrationHash.Of(this with { IdempotencyKey = null, Creator = "" });

    public CreateEmailOrderResult Replay(PriorRegistration prior) =>
        new(prior.Id, prior.Orders[0].RecipientLookup, Replayed: true);
}

public sealed record RecipientInput(
    string? EmailAddress = null,
    string? NationalIdentityNumber = null,
    string? OrganizationNumber = null,
    string? MobileNumber = null);

/// <param name="Replayed">True when an earlier request with the same idempotency key created the order.</param>
public sealed record CreateEmailOrderResult(Guid OrderId, RecipientLookupResult? RecipientLookup, bool Replayed);

public sealed class CreateEmailOrderHandler(
    IOrderRepository orders,
    RegistrationReplays replays,
    IContactRegistry contactRegistry,
    IOptions<EmailDefaults> emailDefaults,
    IWorkSignal workSignal,
    TimeProvider clock,
    ILogger<CreateEmailOrderHandler> logger,
    NotificationsMetrics metrics) : ICommandHandler<CreateEmailOrderCommand, CreateEmailOrderResult>
{
    public async ValueTask<CreateEmailOrderResult> Handle(CreateEmailOrderCommand command, CancellationToken cancellationToken)
    {
        var requestHash = command.IdempotencyKey is null ? null : command.RequestHash();
        var now = clock.GetUtcNow();
        var recipients = EmailOrderDraft.RecipientsOf(command);
        // A replay is found when the INSERT meets the key; an order that needs a lookup looks first, so a retry is not
        // looked up again (nor refused because the registry is away).
        if (command.IdempotencyKey is not null && RecipientLookup.IsNeeded(recipients)
            && await replays.FindAsync(command, cancellationToken, requestHash) is { } replay)
        {
            return replay;
        }

        var lookup = await RecipientLookup.LookUpAsync(contactRegistry, recipients, command.IgnoreReservation, cancellationToken);

        var order = EmailOrderDraft.From(command, recipients, now, emailDefaults.Value.DefaultFromAddress);
        order.RecipientLookup = lookup;
        var idempotency = command.IdempotencyKey is null
            ? null
            : new IdempotencyRecord(command.Creator, command.IdempotencyKey, requestHash!, order.Id, now);

        if (!await orders.TryAddAsync(order, idempotency, cancellationToken))
        {
            // A concurrent request with the same key won the unique constraint: answer as its replay.
            return await replays.OfWinnerAsync(command, requestHash!, cancellationToken);
        }

        logger.LogInformation(
            "Registered order {OrderId} for {Creator}: {RecipientCount} recipients, lookup {LookupStatus}, due {RequestedSendTime:o}",
            order.Id, order.Creator, recipients.Count, lookup?.Status.ToString() ?? "NotNeeded", order.RequestedSendTime);
        workSignal.OrderRegistered(order.RequestedSendTime);
        metrics.OrderAccepted(order.Creator);
        return new CreateEmailOrderResult(order.Id, lookup, Replayed: false);
    }
}
