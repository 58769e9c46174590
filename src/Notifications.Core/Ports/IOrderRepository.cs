namespace Notifications.Core.Ports;

public interface IOrderRepository
{
    /// <summary>
    /// Stores the order (and its idempotency record, in the same transaction). Returns false, storing nothing,
    /// when another request already holds the same idempotency key.
    /// </summary>
    Task<bool> TryAddAsync(NotificationOrder order, IdempotencyRecord? idempotency, CancellationToken cancellationToken);

    Task<IdempotencyRecord?> FindIdempotencyRecordAsync(string creator, string key, CancellationToken cancellationToken);

    Task<NotificationOrder?> GetAsync(Guid orderId, string creator, CancellationToken cancellationToken);

    /// <summary>
    /// The order's email notifications in id order, read from the database as they are enumerated: an order may have
    /// 100,000 of them, and none is held longer than it takes to write it out.
    /// </summary>
    IAsyncEnumerable<EmailNotification> StreamEmailNotificationsAsync(Guid orderId);

    /// <summary>Counts of the order's email notifications; null when it has none yet.</summary>
    Task<EmailNotificationSummary?> GetEmailSummaryAsync(Guid orderId, CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationOrder>> FindBySendersReferenceAsync(string creator, string sendersReference, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically moves a Registered order whose send time is after <paramref name="sendTimeAfter"/> to Cancelled.
    /// Returns false when the order is not in that state (it may not exist at all).
    /// </summary>
    Task<bool> TryCancelAsync(Guid orderId, string creator, DateTimeOffset sendTimeAfter, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>How many email notifications an order has generated, and how many succeeded (Succeeded or Delivered).</summary>
public sealed record EmailNotificationSummary(int Generated, int Succeeded);

public static class OrderRepositoryExtensions
{
    /// <summary>The creator's order, or <see cref="NotFoundException"/> (another creator's order is not found either).</summary>
    public static async Task<NotificationOrder> RequireAsync(this IOrderRepository orders, Guid orderId, string creator, CancellationToken cancellationToken) =>
        await orders.GetAsync(orderId, creator, cancellationToken) ?? throw new NotFoundException($"Order {orderId} was not found.");
}
