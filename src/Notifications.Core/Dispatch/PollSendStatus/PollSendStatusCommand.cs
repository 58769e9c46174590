using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Domain;
using Notifications.Core.Metrics;
using Notifications.Core.Ports;

namespace Notifications.Core.Dispatch.PollSendStatus;

/// <summary>Asks the provider how accepted emails are doing (ACS operations), gently: status reads are rate-limited.</summary>
public sealed record PollSendStatusCommand : ICommand<int>;

public sealed class PollSendStatusHandler(
    IDispatchStore store,
    IOptions<DispatchOptions> options,
    TimeProvider clock,
    ILogger<PollSendStatusHandler> logger,
    IEmailOperationTracker? tracker = null,
    NotificationsMetrics? metrics = null) : ICommandHandler<PollSendStatusCommand, int>
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMinutes(10);

    public async ValueTask<int> Handle(PollSendStatusCommand command, CancellationToken cancellationToken)
    {
        if (tracker is null)
        {
            // Pickup and SMTP answer at once; only providers that report later have operations to poll.
            return 0;
        }

        var claims = await store.ClaimOperationsToPollAsync(options.Value.StatusPollBatchSize, options.Value.Lease, clock.GetUtcNow(), cancellationToken);
        var orderIds = new HashSet<Guid>();
        DateTimeOffset? rateLimitedUntil = null;
        foreach (var claim in claims)
        {
            if (rateLimitedUntil is { } until)
            {
                // The provider is rate-limiting status reads: the rest of the batch waits, unasked.
                await store.RecordOperationStatusAsync(claim, null, until, clock.GetUtcNow(), cancellationToken);
                continue;
            }

            var status = await tracker.GetStatusAsync(claim.OperationId, cancellationToken);
            var next = clock.GetUtcNow() + (status.RetryAfter ?? Backoff.ForAttempt(claim.Polls + 1, FirstPoll, MaxPoll));
            EmailNotificationStatus? final = status.State switch
            {
                OperationState.Succeeded => EmailNotificationStatus.Succeeded,
                OperationState.Failed => status.FailureStatus,
                _ => null,
            };
            if (status.State == OperationState.Failed)
            {
                logger.LogInformation("Notification {NotificationId}: provider operation failed ({Reason})", claim.NotificationId, status.Reason);
            }

            await store.RecordOperationStatusAsync(claim, final, next, clock.GetUtcNow(), cancellationToken);
            if (final is { } failed && failed.IsFailed())
            {
                metrics?.EmailsFinal(failed);
            }
            if (final is not null)
            {
                orderIds.Add(claim.OrderId);
            }

            if (status.RetryAfter is not null)
            {
                rateLimitedUntil = next;
            }
        }

        if (orderIds.Count > 0)
        {
            await store.CompleteFinishedOrdersAsync(orderIds, succeededIsFinal: false, clock.GetUtcNow(), cancellationToken);
        }

        return claims.Count;
    }
}
