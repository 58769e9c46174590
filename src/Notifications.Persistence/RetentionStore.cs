namespace Notifications.Persistence;

/// <summary>
/// Retention deletes in batches (<see cref="MaintenanceBatches"/>): first the old orders' emails, which can be
/// 100,000 per order, then the orders themselves, then order chains left without shipments, so no statement removes more than a batch of rows through the cascade.
/// </summary>
internal sealed class RetentionStore(NpgsqlDataSource dataSource) : IRetentionStore
{
    private const string OldOrders = "o.created < $1 AND o.requested_send_time < $1";

    public async Task<int> DeleteOrdersOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await MaintenanceBatches.RunAsync((size, ct) => ExecuteAsync($"""
            DELETE FROM notifications.email_notifications WHERE id IN (
                SELECT e.id FROM notifications.email_notifications e JOIN notifications.orders o ON o.id = e.order_id
                WHERE {OldOrders}
                LIMIT $2)
            """, cutoff, size, ct), cancellationToken);
        var deleted = await MaintenanceBatches.RunAsync((size, ct) => ExecuteAsync($"""
            DELETE FROM notifications.orders WHERE id IN (SELECT o.id FROM notifications.orders o WHERE {OldOrders} LIMIT $2)
            """, cutoff, size, ct), cancellationToken);
        // A chain goes with its last shipment (a reminder due later keeps it, and its idempotency id, alive).
        await MaintenanceBatches.RunAsync((size, ct) => ExecuteAsync("""
            DELETE FROM notifications.order_chains WHERE id IN (
                SELECT c.id FROM notifications.order_chains c
                WHERE c.created < $1 AND NOT EXISTS (SELECT 1 FROM notifications.orders o WHERE o.chain_id = c.id)
                LIMIT $2)
            """, cutoff, size, ct), cancellationToken);
        return deleted;
    }

    public Task<int> DeleteFeedEntriesOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        MaintenanceBatches.RunAsync((size, ct) => ExecuteAsync("""
            DELETE FROM notifications.status_feed WHERE order_id IN (
                SELECT order_id FROM notifications.status_feed WHERE created < $1 AND sequence_number IS NOT NULL LIMIT $2)
            """, cutoff, size, ct), cancellationToken);

    private async Task<int> ExecuteAsync(string sql, DateTimeOffset cutoff, int size, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = cutoff });
        command.Parameters.Add(new() { Value = size });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
