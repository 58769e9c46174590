namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>
/// Keeps one batch's claims alive while it is sent (a <see cref="ClaimHeartbeat"/>) and says which emails are still
/// certainly ours: each renewal returns the emails still held under the batch's claim token, so one that another host
/// recovered meanwhile is never handed to the provider twice.
/// </summary>
internal sealed class BatchLease : IAsyncDisposable
{
    private readonly ClaimHeartbeat _heartbeat;
    private IReadOnlySet<Guid> _held;

    /// <param name="claimedAt">A <see cref="TimeProvider.GetTimestamp"/> taken before the claim statement was sent.</param>
    public BatchLease(IEmailQueue emailQueue, IReadOnlyList<EmailClaim> claims, TimeSpan lease, long claimedAt, TimeProvider clock, ILogger logger)
    {
        var ids = claims.Select(c => c.NotificationId).ToArray();
        _held = ids.ToHashSet();
        _heartbeat = new ClaimHeartbeat(lease, claimedAt, async ct =>
            Volatile.Write(ref _held, await emailQueue.RenewEmailClaimsAsync(claims[0].ClaimToken, ids, lease, ct)), clock, logger);
    }

    /// <summary>Whether <paramref name="claim"/> may be sent: the lease can be trusted and the last renewal still held it.</summary>
    public bool Holds(EmailClaim claim) => _heartbeat.IsHeld && Volatile.Read(ref _held).Contains(claim.NotificationId);

    public ValueTask DisposeAsync() => _heartbeat.DisposeAsync();
}
