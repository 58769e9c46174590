namespace Notifications.Core.Ports;

/// <summary>An order claimed for processing by one host; <see cref="ClaimToken"/> fences out a host whose lease ran out.</summary>
public sealed record OrderClaim(NotificationOrder Order, Guid ClaimToken, int ConditionAttempts, int LookupAttempts);

/// <summary>
/// The queue of registered orders waiting to be fanned out into emails. A claim is one statement with
/// <c>FOR UPDATE SKIP LOCKED</c> that flips the status and stamps a lease, so any number of hosts can share the work
/// without doing any of it twice; writes after a claim check its token.
/// </summary>
public interface IOrderQueue
{
    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due orders, taking from every creator that has some in turn, and stamps
    /// them with one claim token and a lease on the database's clock.
    /// </summary>
    Task<IReadOnlyList<OrderClaim>> ClaimDueOrdersAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the lease of every order still held under one of <paramref name="claimTokens"/> (heartbeat).</summary>
    Task RenewOrderClaimsAsync(IReadOnlyCollection<Guid> claimTokens, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: moves the claimed order to <paramref name="status"/> and inserts its notifications.
    /// Returns false, inserting nothing, when the claim was lost (lease expired and another host took the order).
    /// </summary>
    Task<bool> CompleteFanOutAsync(OrderClaim claim, IReadOnlyList<EmailNotification> notifications, OrderProcessingStatus status, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Puts a claimed order back to Registered, to be tried again <paramref name="retryIn"/> from now (database clock).</summary>
    Task ReleaseOrderAsync(OrderClaim claim, TimeSpan retryIn, int conditionAttempts, int lookupAttempts, CancellationToken cancellationToken);

    /// <summary>The earliest time a Registered order becomes due, or null when none is waiting.</summary>
    Task<DateTimeOffset?> GetNextOrderDueAsync(CancellationToken cancellationToken);
}
