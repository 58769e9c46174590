namespace Notifications.Core.Ports;

/// <summary>
/// A subscription claimed for delivery: its entries after <see cref="Cursor"/> are this host's to send until the lease
/// runs out. <see cref="Attempts"/> and <see cref="FailingFor"/> describe the entry after the cursor.
/// </summary>
public sealed record WebhookClaim(
    Guid Id, string Creator, string Url, string Secret, long Cursor, int Attempts, TimeSpan? FailingFor, Guid ClaimToken);

/// <summary>
/// Delivery progress per subscription, in PostgreSQL (docs/webhooks.md). Claims use <c>FOR UPDATE SKIP LOCKED</c> and a
/// lease on the database clock, so two hosts never deliver to one subscription at once; every write after a claim
/// checks its token and returns false when the claim was lost (or the subscription deleted).
/// </summary>
public interface IWebhookQueue
{
    /// <summary>Claims subscriptions that are due and have an entry after their cursor.</summary>
    Task<IReadOnlyList<WebhookClaim>> ClaimDueAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken);

    Task RenewAsync(WebhookClaim claim, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Moves the cursor to <paramref name="sequenceNumber"/> (delivered or given up) and clears the failure count.</summary>
    Task<bool> AdvanceAsync(WebhookClaim claim, long sequenceNumber, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt of the entry after the cursor, schedules the next one and releases the claim.</summary>
    Task<bool> FailAsync(WebhookClaim claim, TimeSpan retryAfter, CancellationToken cancellationToken);

    /// <summary>Gives the subscription back, due again at once.</summary>
    Task ReleaseAsync(WebhookClaim claim, CancellationToken cancellationToken);
}

/// <summary>Undelivered entries per subscription, for the lag gauge. Synchronous like <see cref="IBacklogReader"/>.</summary>
public interface IWebhookLagReader
{
    IReadOnlyList<(Guid Subscription, string Creator, long Lag)> ReadLag();
}
