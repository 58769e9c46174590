using Notifications.Core.Dispatch;

namespace Notifications.Core.Webhooks.Deliver;

/// <summary>
/// Delivers one claimed subscription's entries after its cursor, one at a time in sequence order, moving the cursor in
/// the database after each 2xx (so a restart re-sends at most the entry in flight: at least once). The first failure
/// ends the run and schedules a retry (<see cref="Backoff.WebhookRetry"/>); an entry failing for 24 hours is given up.
/// </summary>
public sealed partial class SubscriptionDelivery(
    IStatusFeed feed, IWebhookQueue queue, IWebhookSender sender, IWebhookBodyWriter bodies, IOptions<WebhookOptions> options,
    NotificationsMetrics metrics, TimeProvider clock, ILogger<SubscriptionDelivery> logger)
{
    /// <returns>Entries delivered.</returns>
    public async Task<int> DeliverAsync(WebhookClaim claim, TimeSpan lease, long claimedAt, CancellationToken cancellationToken)
    {
        var delivered = 0;
        var released = false;
        await using (var heartbeat = new ClaimHeartbeat(lease, claimedAt, token => queue.RenewAsync(claim, lease, token), clock, logger))
        {
            try
            {
                var entries = await feed.ReadAsync(claim.Creator, claim.Cursor, options.Value.EntriesPerClaim, ascending: true, cancellationToken);
                var attempts = claim.Attempts;
                var failingFor = claim.FailingFor;
                foreach (var entry in entries)
                {
                    if (!heartbeat.IsHeld || cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    var result = await sender.SendAsync(claim.Url, claim.Secret, entry.SequenceNumber, bodies.Write(entry), cancellationToken);
                    if (!result.Delivered && !Backoff.WebhookGivesUp(failingFor))
                    {
                        metrics.WebhookDelivery(WebhookOutcome.Failed);
                        LogFailed(logger, claim.Id, entry.SequenceNumber, attempts + 1, result.Reason);
                        await queue.FailAsync(claim, Backoff.WebhookRetry(attempts + 1), CancellationToken.None);
                        released = true;
                        break;
                    }

                    if (result.Delivered)
                    {
                        metrics.WebhookDelivery(WebhookOutcome.Delivered);
                        delivered++;
                    }
                    else
                    {
                        metrics.WebhookDelivery(WebhookOutcome.GivenUp);
                        LogGivenUp(logger, claim.Id, entry.SequenceNumber, attempts + 1, result.Reason);
                    }

                    // Even after a cancellation: the subscriber has it, and the cursor should say so.
                    if (!await queue.AdvanceAsync(claim, entry.SequenceNumber, CancellationToken.None))
                    {
                        // The claim was lost (lease expired and taken over) or the subscription was deleted.
                        released = true;
                        break;
                    }

                    attempts = 0;
                    failingFor = null;
                }
            }
            finally
            {
                if (!released)
                {
                    // A stopping host gives its claims back at once rather than leaving them to expire.
                    await queue.ReleaseAsync(claim, CancellationToken.None);
                }
            }
        }

        return delivered;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Subscription} entry {SequenceNumber} failed (attempt {Attempt}): {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid subscription, long sequenceNumber, int attempt, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Subscription} entry {SequenceNumber} given up after 24 hours of failures (attempt {Attempt}): {Reason}")]
    private static partial void LogGivenUp(ILogger logger, Guid subscription, long sequenceNumber, int attempt, string? reason);
}
