namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>How a batch ended: when a provider pause it met ends, and whether sending must stop (results could not be written).</summary>
public sealed record BatchOutcome(DateTimeOffset? PausedUntil, bool Stopped);

/// <summary>
/// Sends one claimed batch (<see cref="SendWorkers"/>, <see cref="DispatchOptions.SendConcurrency"/> sessions) while a
/// <see cref="BatchLease"/> keeps its claims alive however slow the provider is. Results are group-committed by a
/// <see cref="SendResultWriter"/> as the provider answers, so a crash loses at most the sends in flight and the last few
/// milliseconds' results. When the workers are done every result is stored before the batch counts as done, and
/// whatever was not sent is handed back at once (<see cref="ClaimHandBack"/>): on shutdown, after a failed result
/// write, or until a provider pause ends.
/// </summary>
public sealed class BatchSender(
    IEmailQueue emailQueue,
    IProviderGate gate,
    IEmailProvider provider,
    ClaimHandBack handBack,
    IOptions<DispatchOptions> options,
    TimeProvider clock,
    ILogger<BatchSender> logger,
    NotificationsMetrics metrics)
{
    /// <param name="claimedAt">A <see cref="TimeProvider.GetTimestamp"/> taken before the claim statement was sent.</param>
    /// <param name="stopping">Shutdown: no further email is started; the sends in flight finish and are recorded.</param>
    public async Task<BatchOutcome> SendAsync(IReadOnlyList<EmailClaim> claims, long claimedAt, CancellationToken stopping)
    {
        await using var lease = new BatchLease(emailQueue, claims, options.Value.Lease, claimedAt, clock, logger);
        var pause = new ProviderPause(gate, provider.Name, clock, logger);
        var results = new SendResultWriter(emailQueue, clock, logger);
        var workers = new SendWorkers(claims, provider, lease, pause, results, metrics, clock, logger);

        await workers.RunAsync(options.Value.SendConcurrency, stopping);
        var written = await CompleteResultsAsync(results);
        if (workers.Lost > 0)
        {
            logger.LogWarning("{Count} claimed emails were not sent: their claim could no longer be trusted", workers.Lost);
        }

        await handBack.HandBackAsync(workers.Untaken);
        await handBack.HandBackAsync(workers.PutBack, pause.Until);
        return new BatchOutcome(pause.Until, !written || results.Faulted);
    }

    /// <returns>False when the results could not all be written.</returns>
    private async Task<bool> CompleteResultsAsync(SendResultWriter results)
    {
        try
        {
            await results.CompleteAsync();
            return true;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Send results could not be recorded; the batch stopped and its unsent emails are handed back");
            return false;
        }
    }
}
