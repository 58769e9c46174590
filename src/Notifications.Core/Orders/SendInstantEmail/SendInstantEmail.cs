using Notifications.Core.Dispatch;
using Notifications.Core.Dispatch.SendEmails;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.SendInstantEmail;

/// <summary>
/// Sends one email through the provider before answering (<c>POST /future/orders/instant/email</c>): no lookup, no
/// condition, no queue. Property names mirror the request, so validation errors carry its paths.
/// </summary>
public sealed record SendInstantEmailCommand(
    string Creator,
    string? IdempotencyId,
    string? SendersReference,
    RecipientEmailInput? RecipientEmail) : IRegistrationCommand<SendInstantEmailResult>
{
    string? IRegistrationCommand<SendInstantEmailResult>.IdempotencyKey => IdempotencyId;

    /// <summary>Instant emails are stored as chains: an idempotency id names one, whichever endpoint created it.</summary>
    IdempotencyScope IRegistrationCommand<SendInstantEmailResult>.Scope => IdempotencyScope.ChainId;

    public string RequestHash() => RegistrationHash.Of(this with { Creator = "" });

    public SendInstantEmailResult Replay(PriorRegistration prior) =>
        new(prior.Id, new ShipmentReceipt(prior.Orders[0].Id, prior.Orders[0].SendersReference), Replayed: true);
}

/// <param name="Replayed">True when an earlier request with the same idempotency id sent the email.</param>
public sealed record SendInstantEmailResult(Guid ChainId, ShipmentReceipt Notification, bool Replayed);

/// <summary>
/// Validated by then (a replay is found when the reservation meets the idempotency id). Reserves the id in an open
/// transaction, sends, and stores the order and its email in that transaction only when the provider accepted: a
/// concurrent duplicate waits on the reservation and then answers as a replay, so the email leaves once
/// (docs/architecture.md#instant). A refusal rolls back and is a 503 with nothing stored.
/// </summary>
public sealed class SendInstantEmailHandler(
    IInstantEmailStore store,
    RegistrationReplays replays,
    IEmailProvider provider,
    IProviderGate gate,
    IWorkSignal signal,
    IOptions<EmailDefaults> emailDefaults,
    TimeProvider clock,
    ILogger<SendInstantEmailHandler> logger,
    NotificationsMetrics metrics) : ICommandHandler<SendInstantEmailCommand, SendInstantEmailResult>
{
    public async ValueTask<SendInstantEmailResult> Handle(SendInstantEmailCommand command, CancellationToken cancellationToken)
    {
        var hash = command.RequestHash();
        var plan = InstantEmailPlan.Create(command, hash, emailDefaults.Value, clock.GetUtcNow());
        await using var slot = await store.ReserveAsync(plan.Chain, cancellationToken);
        if (slot is null)
        {
            // An earlier or concurrent request with the same idempotency id sent the email: answer as its replay.
            return await replays.OfWinnerAsync(command, hash, cancellationToken);
        }

        var outcome = await SendAsync(plan, cancellationToken);
        if (outcome.Kind != SendOutcomeKind.Accepted)
        {
            await RefusedAsync(plan, outcome);
            throw new EmailProviderUnavailableException(outcome.Reason ?? outcome.Kind.ToString());
        }

        var sentAt = clock.GetUtcNow();
        var result = SendResults.For(plan.Claim, outcome, provider.ReportsDelivery, throttledUntil: null, sentAt);
        plan.Order.ProcessingStatus = result.Status.IsFinal(provider.ReportsDelivery) ? OrderProcessingStatus.Completed : OrderProcessingStatus.Processed;
        plan.Order.ProcessingStatusChanged = sentAt;
        // The email has left: record it even if the client has gone meanwhile.
        await slot.CommitAsync(plan.Order, plan.Sent(result, sentAt), CancellationToken.None);

        metrics.OrderAccepted(command.Creator);
        metrics.SendOutcome(outcome, plan.Order.RequestedSendTime, provider.ReportsDelivery);
        if (result.NextAttemptAt is { } poll && result.Status == EmailNotificationStatus.Sending)
        {
            signal.WakeStatusPollAt(poll);
        }

        logger.LogInformation(
            "Sent instant email {NotificationId} of order {OrderId} (chain {ChainId}) for {Creator}",
            plan.Claim.NotificationId, plan.Order.Id, plan.Chain.Id, command.Creator);
        return new SendInstantEmailResult(plan.Chain.Id, plan.Receipt, Replayed: false);
    }

    /// <summary>The provider's answer; a provider that throws or cannot be reached counts as a transient refusal.</summary>
    private async Task<SendOutcome> SendAsync(InstantEmailPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = await provider.OpenSessionAsync(cancellationToken);
            // Not cancelled once started: a send the provider may have taken is finished and recorded.
            return await session.SendAsync(Personalisation.Personalise(plan.Claim), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An expected 503 (the client retries): one line, not a stack trace.
            logger.LogWarning(
                "Instant email {NotificationId} could not be handed to the provider: {Error}: {Message}",
                plan.Claim.NotificationId, e.GetType().Name, e.Message);
            return SendOutcome.Transient(e.GetType().Name);
        }
    }

    private async Task RefusedAsync(InstantEmailPlan plan, SendOutcome outcome)
    {
        logger.LogWarning(
            "Instant email {NotificationId} was refused by the provider ({Kind}): {Reason}", plan.Claim.NotificationId, outcome.Kind, outcome.Reason);
        if (outcome.Kind == SendOutcomeKind.Throttled)
        {
            // The queued emails would meet the same 429: every host pauses, as after a throttled dispatch send.
            await gate.PauseProviderAsync(provider.Name, clock.GetUtcNow() + (outcome.RetryAfter ?? Backoff.ProviderThrottle), CancellationToken.None);
        }
    }

}
