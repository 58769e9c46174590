namespace Notifications.Core.Ports;

/// <summary>Order chains of the future API and their shipments (orders that refer to the chain).</summary>
public interface IOrderChainStore
{
    /// <summary>
    /// Stores the chain and all its shipments in one transaction. Returns false, storing nothing, when the creator's
    /// idempotency id is taken already (by an earlier or a concurrent request).
    /// </summary>
    Task<bool> TryAddAsync(OrderChain chain, IReadOnlyList<NotificationOrder> shipments, CancellationToken cancellationToken);

    Task<OrderChain?> FindByIdempotencyIdAsync(string creator, string idempotencyId, CancellationToken cancellationToken);

    /// <summary>The creator's chain with its shipments; null when unknown or another creator's.</summary>
    Task<OrderChainView?> GetAsync(Guid chainId, string creator, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels every shipment of the chain that is still Registered and due after <paramref name="sendTimeAfter"/>, in one
    /// statement. Returns how many were cancelled.
    /// </summary>
    Task<int> CancelAsync(Guid chainId, string creator, DateTimeOffset sendTimeAfter, DateTimeOffset now, CancellationToken cancellationToken);
}

public static class OrderChainStoreExtensions
{
    /// <summary>The creator's chain, or <see cref="NotFoundException"/> (another creator's chain is not found either).</summary>
    public static async Task<OrderChainView> RequireAsync(this IOrderChainStore chains, Guid chainId, string creator, CancellationToken cancellationToken) =>
        await chains.GetAsync(chainId, creator, cancellationToken) ?? throw new NotFoundException($"Order {chainId} was not found.");
}
