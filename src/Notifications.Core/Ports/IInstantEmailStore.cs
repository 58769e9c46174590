namespace Notifications.Core.Ports;

/// <summary>
/// Stores instant emails so that concurrent duplicates send once (docs/architecture.md#instant): the idempotency id is
/// reserved in an open transaction before the provider is called, and the order and its email are stored in that same
/// transaction once the provider accepted. A duplicate's reservation waits for that transaction to end.
/// </summary>
public interface IInstantEmailStore
{
    /// <summary>
    /// Opens a transaction and inserts <paramref name="chain"/>. Returns null when the creator's idempotency id is taken by
    /// a committed chain (after waiting for a concurrent request that holds it to commit or roll back).
    /// </summary>
    Task<IInstantEmailSlot?> ReserveAsync(OrderChain chain, CancellationToken cancellationToken);
}

/// <summary>A reserved idempotency id: disposing it without <see cref="CommitAsync"/> rolls back, leaving nothing stored.</summary>
public interface IInstantEmailSlot : IAsyncDisposable
{
    /// <summary>Inserts the order and its one email and commits, in one round trip.</summary>
    Task CommitAsync(NotificationOrder order, SentInstantEmail email, CancellationToken cancellationToken);
}

/// <summary>The email as the provider left it: its dispatch status, operation id and next status poll.</summary>
public sealed record SentInstantEmail(EmailNotification Notification, string? OperationId, DateTimeOffset NextAttemptAt);
