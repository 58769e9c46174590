namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>
/// With a per-minute send limit (small ACS quotas), keeps the claims the budget that every host shares allows and puts
/// the rest back, uncounted, until the next minute opens. Without a limit every claim is kept.
/// </summary>
public sealed class SendBudget(IEmailQueue emailQueue, IProviderGate gate, IEmailProvider provider, TimeProvider clock)
{
    /// <returns>The claims to send now, and when the ones put back may be sent (null when none was).</returns>
    public async Task<(IReadOnlyList<EmailClaim> Allowed, DateTimeOffset? NextWindow)> TakeAsync(
        IReadOnlyList<EmailClaim> claims, CancellationToken cancellationToken)
    {
        if (provider.SendsPerMinute is not { } perMinute)
        {
            return (claims, null);
        }

        var (granted, nextWindow) = await gate.ReserveSendBudgetAsync(provider.Name, perMinute, claims.Count, clock.GetUtcNow(), cancellationToken);
        if (granted >= claims.Count)
        {
            return (claims, null);
        }

        var retryAt = nextWindow ?? clock.GetUtcNow().AddMinutes(1);
        await emailQueue.ReleaseEmailClaimsAsync(claims.Skip(granted).ToList(), ClaimHandBack.Until(retryAt, clock.GetUtcNow()), cancellationToken);
        return (claims.Take(granted).ToList(), retryAt);
    }
}
