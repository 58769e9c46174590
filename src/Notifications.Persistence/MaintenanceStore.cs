namespace Notifications.Persistence;

/// <summary>
/// Recovery of stale claims, the expiry sweep and the purge of old bookkeeping rows. The bulk statements run in batches
/// (<see cref="MaintenanceBatches"/>), so none of them touches more than a batch of rows at once.
/// </summary>
internal sealed class MaintenanceStore(NpgsqlDataSource dataSource) : IMaintenanceStore
{
    public async Task<(int Orders, int Emails)> RecoverStaleClaimsAsync(CancellationToken cancellationToken)
    {
        // Leases are compared on the database's clock, so a host whose clock runs ahead cannot take live work over.
        await using var orders = dataSource.CreateCommand($"""
            UPDATE notifications.orders
            SET processing_status = {StatusSql.Registered}, processing_status_changed = now(), claim_token = NULL, lease_expires_at = NULL, due_at = now()
            WHERE processing_status = {StatusSql.Processing} AND lease_expires_at < now()
            """);
        // Emails whose send was claimed but never answered go back to New (the provider call carries the same
        // idempotency id on the retry); an accepted email (with an operation id) is only polled again, never resent.
        await using var emails = dataSource.CreateCommand($"""
            UPDATE notifications.email_notifications
            SET status = CASE WHEN operation_id IS NULL THEN {StatusSql.New} ELSE status END,
                status_changed = CASE WHEN operation_id IS NULL THEN now() ELSE status_changed END,
                claim_token = NULL, lease_expires_at = NULL, next_attempt_at = now()
            WHERE status = {StatusSql.Sending} AND lease_expires_at < now()
            """);
        return (await orders.ExecuteNonQueryAsync(cancellationToken), await emails.ExecuteNonQueryAsync(cancellationToken));
    }

    public Task<int> ExpireAsync(bool succeededAwaitsReport, CancellationToken cancellationToken) =>
        MaintenanceBatches.RunAsync(async (size, ct) =>
        {
            await using var command = dataSource.CreateCommand($"""
                WITH batch AS (
                    SELECT id FROM notifications.email_notifications
                    WHERE expires_at <= now()
                      AND (status = {StatusSql.New}
                           OR (status = {StatusSql.Sending} AND (lease_expires_at IS NULL OR lease_expires_at < now()))
                           OR ($1 AND status IN ({StatusSql.AwaitingDeliveryReport})))
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                UPDATE notifications.email_notifications e
                SET status = {StatusSql.Expired}, status_changed = now(), claim_token = NULL, lease_expires_at = NULL
                FROM batch WHERE e.id = batch.id
                """);
            command.Parameters.Add(new() { Value = succeededAwaitsReport });
            command.Parameters.Add(new() { Value = size });
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public async Task PurgeAsync(DateTimeOffset now, TimeSpan keepKeys, CancellationToken cancellationToken)
    {
        // Unmatched reports are kept 48 hours (a send may be recorded late); matched a week, for Event Grid's retries.
        await MaintenanceBatches.RunAsync(async (size, ct) =>
        {
            await using var command = dataSource.CreateCommand("""
                DELETE FROM notifications.delivery_reports WHERE event_id IN (
                    SELECT r.event_id FROM notifications.delivery_reports r
                    WHERE r.received_at < $1 - interval '7 days'
                       OR (r.received_at < $1 - interval '48 hours'
                           AND NOT EXISTS (SELECT 1 FROM notifications.email_notifications e WHERE e.operation_id = r.message_id))
                    LIMIT $2)
                """);
            command.Parameters.Add(new() { Value = now });
            command.Parameters.Add(new() { Value = size });
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
        await MaintenanceBatches.RunAsync(async (size, ct) =>
        {
            await using var command = dataSource.CreateCommand("""
                DELETE FROM notifications.idempotency_keys WHERE (creator, key) IN (
                    SELECT creator, key FROM notifications.idempotency_keys WHERE created < $1 LIMIT $2)
                """);
            command.Parameters.Add(new() { Value = now - keepKeys });
            command.Parameters.Add(new() { Value = size });
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }
}
