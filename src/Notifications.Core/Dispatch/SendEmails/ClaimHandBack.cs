namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>
/// Gives unsent claims back at once, uncounted, so this or another host sends them without waiting for the lease. A
/// hand-back that fails only costs time (the lease runs out and the emails are claimed again), so it is logged, not thrown.
/// </summary>
public sealed class ClaimHandBack(IEmailQueue emailQueue, TimeProvider clock, ILogger<ClaimHandBack> logger)
{
    /// <param name="until">When the emails may be sent again (the end of a provider pause); null: at once.</param>
    public async Task HandBackAsync(IReadOnlyList<EmailClaim> unsent, DateTimeOffset? until = null)
    {
        try
        {
            // Not cancelled on shutdown: handing back is what a stopping host does.
            await emailQueue.ReleaseEmailClaimsAsync(unsent, until is { } time ? Until(time, clock.GetUtcNow()) : TimeSpan.Zero, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not hand {Count} unsent emails back; they are retried when their lease runs out", unsent.Count);
        }
    }

    /// <summary>The wait from <paramref name="now"/> until <paramref name="time"/>, never negative.</summary>
    public static TimeSpan Until(DateTimeOffset time, DateTimeOffset now) => time - now is { Ticks: > 0 } delay ? delay : TimeSpan.Zero;
}
