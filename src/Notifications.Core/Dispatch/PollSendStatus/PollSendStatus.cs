namespace Notifications.Core.Dispatch.PollSendStatus;

/// <summary>
/// Asks the provider how accepted emails are doing (ACS operations), gently: status reads are rate-limited. Only a provider
/// that reports later (ACS) registers an <see cref="IEmailOperationTracker"/>, and only then is this command scheduled;
/// the tracker is optional so the handler can still be built (the host validates every registration at start-up in
/// Development) with providers that answer at once.
/// </summary>
public sealed record PollSendStatusCommand : ICommand<int>;

/// <summary>
/// Claims due operations batch after batch until none is due, reads each, and wakes itself when the next one is due.
/// A <c>Retry-After</c> on a successful read is that operation's polling hint; only a 429 pauses status reads, on
/// every host (docs/architecture.md#journey).
/// </summary>
public sealed class PollSendStatusHandler(
    IOperationPolls polls,
    IProviderGate gate,
    IOrderCompletion completion,
    IOptions<DispatchOptions> options,
    TimeProvider clock,
    ILogger<PollSendStatusHandler> logger,
    NotificationsMetrics metrics,
    IWorkSignal signal,
    IEmailOperationTracker? tracker = null) : ICommandHandler<PollSendStatusCommand, int>
{
    /// <summary>The shared pause (provider_throttles) of status reads, apart from the send pause a 429 on a send sets.</summary>
    public const string StatusReadsThrottle = "status-reads";

    /// <summary>Batches per run at most, so one run cannot hold the job forever; a run that stops early wakes the next at once.</summary>
    public const int MaxBatchesPerRun = 20;

    public async ValueTask<int> Handle(PollSendStatusCommand command, CancellationToken cancellationToken)
    {
        if (tracker is null)
        {
            return 0;
        }

        var batchSize = options.Value.StatusPollBatchSize;
        var polled = 0;
        var orderIds = new HashSet<Guid>();
        var pausedUntil = await gate.GetPausedUntilAsync(StatusReadsThrottle, clock.GetUtcNow(), cancellationToken);
        for (var batch = 0; pausedUntil is null && batch < MaxBatchesPerRun; batch++)
        {
            var claims = await polls.ClaimOperationsToPollAsync(batchSize, options.Value.Lease, cancellationToken);
            pausedUntil = await PollAsync(tracker, claims, orderIds, cancellationToken);
            polled += claims.Count;
            if (claims.Count < batchSize)
            {
                break;
            }
        }

        if (orderIds.Count > 0)
        {
            await completion.CompleteFinishedOrdersAsync(orderIds, succeededIsFinal: false, clock.GetUtcNow(), cancellationToken);
        }

        // The fallback interval is for operations other hosts accepted; our own next poll is due exactly then.
        if ((pausedUntil ?? await polls.GetNextOperationPollAsync(cancellationToken)) is { } next)
        {
            signal.WakeStatusPollAt(next);
        }

        return polled;
    }

    /// <returns>When a 429 paused status reads, the end of the pause.</returns>
    private async Task<DateTimeOffset?> PollAsync(IEmailOperationTracker tracker, IReadOnlyList<OperationClaim> claims, HashSet<Guid> orderIds, CancellationToken cancellationToken)
    {
        DateTimeOffset? pausedUntil = null;
        foreach (var claim in claims)
        {
            if (pausedUntil is { } until)
            {
                // The provider is rate-limiting status reads: the rest of the batch waits, unasked.
                await polls.RecordOperationStatusAsync(claim, null, until, clock.GetUtcNow(), cancellationToken);
                continue;
            }

            var status = await tracker.GetStatusAsync(claim.OperationId, cancellationToken);
            if (status.State == OperationState.Throttled)
            {
                pausedUntil = clock.GetUtcNow() + (status.RetryAfter ?? Backoff.MaxStatusPoll);
                logger.LogWarning("Status reads throttled until {Until}: {Reason}", pausedUntil, status.Reason);
                await gate.PauseProviderAsync(StatusReadsThrottle, pausedUntil.Value, cancellationToken);
                await polls.RecordOperationStatusAsync(claim, null, pausedUntil.Value, clock.GetUtcNow(), cancellationToken);
                continue;
            }

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

            var wait = Backoff.StatusPoll(claim.Polls + 1, status.RetryAfter);
            await polls.RecordOperationStatusAsync(claim, final, clock.GetUtcNow() + wait, clock.GetUtcNow(), cancellationToken);
            if (final is { } failed && failed.IsFailed())
            {
                metrics.EmailsFinal(failed);
            }

            if (final is not null)
            {
                orderIds.Add(claim.OrderId);
            }
        }

        return pausedUntil;
    }
}
