namespace Notifications.Persistence;

/// <summary>
/// Maintenance statements (the expiry sweep, purges, retention) change at most <see cref="Size"/> rows each and are
/// repeated until one changes fewer (docs/architecture.md#hardening): a huge one would hold locks, bloat the WAL
/// and block the claims for as long as it runs. Each batch is its own transaction.
/// </summary>
internal static class MaintenanceBatches
{
    public const int Size = 10_000;

    /// <summary>Runs <paramref name="batch"/> (given the batch size) until it changes fewer rows than that; returns the total.</summary>
    public static async Task<int> RunAsync(Func<int, CancellationToken, Task<int>> batch, CancellationToken cancellationToken, int size = Size)
    {
        var total = 0;
        int changed;
        do
        {
            changed = await batch(size, cancellationToken);
            total += changed;
        }
        while (changed >= size);

        return total;
    }
}
