using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Notifications.Persistence;

/// <summary>
/// The parts of <see cref="IDispatchStore"/> that only providers with later answers use (ACS): the shared 429 pause,
/// the shared send budget, operation status polls and delivery reports.
/// </summary>
internal sealed partial class DispatchStore
{
    /// <summary>
    /// Applies, for the given message ids, the newest stored report with a status to the email sent under that id,
    /// unless a report at least as new was applied already.
    /// </summary>
    private const string ApplyReportsSql = """
        WITH latest AS (
            SELECT DISTINCT ON (message_id) message_id, mapped_status, delivery_attempt_at
            FROM notifications.delivery_reports
            WHERE message_id = ANY($1) AND mapped_status IS NOT NULL
            ORDER BY message_id, delivery_attempt_at DESC)
        UPDATE notifications.email_notifications e
        SET status = latest.mapped_status, status_changed = $2, delivery_report_at = latest.delivery_attempt_at,
            claim_token = NULL, lease_expires_at = NULL
        FROM latest
        WHERE e.operation_id = latest.message_id
          AND (e.delivery_report_at IS NULL OR latest.delivery_attempt_at > e.delivery_report_at)
        RETURNING e.order_id
        """;

    public async Task<DateTimeOffset?> GetPausedUntilAsync(string provider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT paused_until FROM notifications.provider_throttles WHERE provider = $1 AND paused_until > $2");
        command.Parameters.Add(new() { Value = provider });
        command.Parameters.Add(new() { Value = now });
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime until ? new DateTimeOffset(until, TimeSpan.Zero) : null;
    }

    public async Task PauseProviderAsync(string provider, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO notifications.provider_throttles (provider, paused_until) VALUES ($1, $2)
            ON CONFLICT (provider) DO UPDATE SET paused_until = greatest(provider_throttles.paused_until, excluded.paused_until)
            """);
        command.Parameters.Add(new() { Value = provider });
        command.Parameters.Add(new() { Value = until });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(int Granted, DateTimeOffset? NextWindow)> ReserveSendBudgetAsync(
        string provider, int perMinute, int wanted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO notifications.send_budgets (provider, window_start, used) VALUES ($1, $2, 0) ON CONFLICT (provider) DO NOTHING
            """) { Parameters = { new() { Value = provider }, new() { Value = now } } });
        // The row lock serialises hosts; a window older than a minute starts afresh.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            WITH current AS (
                SELECT CASE WHEN window_start + interval '1 minute' <= $2 THEN $2 ELSE window_start END AS window_start,
                       CASE WHEN window_start + interval '1 minute' <= $2 THEN 0 ELSE used END AS used
                FROM notifications.send_budgets WHERE provider = $1 FOR UPDATE)
            UPDATE notifications.send_budgets b
            SET window_start = current.window_start, used = current.used + least($4, greatest($3 - current.used, 0))
            FROM current WHERE b.provider = $1
            RETURNING least($4, greatest($3 - current.used, 0)), current.window_start + interval '1 minute'
            """)
        {
            Parameters = { new() { Value = provider }, new() { Value = now }, new() { Value = perMinute }, new() { Value = wanted } },
        });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var granted = reader.GetInt32(0);
        var nextWindow = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
        return (granted, granted == 0 ? nextWindow : null);
    }

    public async Task<IReadOnlyList<OperationClaim>> ClaimOperationsToPollAsync(
        int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT id FROM notifications.email_notifications
                WHERE status = 'Sending' AND operation_id IS NOT NULL AND lease_expires_at IS NULL AND next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED)
            UPDATE notifications.email_notifications e
            SET claim_token = $2, lease_expires_at = clock_timestamp() + $3, polls = e.polls + 1
            FROM due WHERE e.id = due.id
            RETURNING e.id, e.order_id, e.operation_id, e.polls
            """);
        command.Parameters.Add(new() { Value = batchSize });
        command.Parameters.Add(new() { Value = token });
        command.Parameters.Add(new() { Value = lease });
        var claims = new List<OperationClaim>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claims.Add(new OperationClaim(reader.GetGuid(0), reader.GetGuid(1), token, reader.GetString(2), reader.GetInt32(3)));
        }

        return claims;
    }

    public async Task RecordOperationStatusAsync(
        OperationClaim claim, EmailNotificationStatus? status, DateTimeOffset nextPollAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Only while still Sending: a delivery report that arrived meanwhile wins.
        await using var command = dataSource.CreateCommand("""
            UPDATE notifications.email_notifications
            SET status = coalesce($1, status), status_changed = CASE WHEN $1 IS NULL THEN status_changed ELSE $2 END,
                next_attempt_at = $3, claim_token = NULL, lease_expires_at = NULL
            WHERE id = $4 AND claim_token = $5 AND status = 'Sending'
            """);
        command.Parameters.Add(new() { Value = (object?)status?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = nextPollAt });
        command.Parameters.Add(new() { Value = claim.NotificationId });
        command.Parameters.Add(new() { Value = claim.ClaimToken });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(int New, IReadOnlyList<Guid> OrderIds)> SaveDeliveryReportsAsync(
        IReadOnlyList<(DeliveryReport Report, EmailNotificationStatus? Status)> reports, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int fresh;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO notifications.delivery_reports
                (event_id, message_id, status, mapped_status, delivery_attempt_at, status_message, received_at)
            SELECT r.*, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS r
            ON CONFLICT (event_id) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = reports.Select(r => r.Report.EventId).ToArray() });
            insert.Parameters.Add(new() { Value = reports.Select(r => r.Report.MessageId).ToArray() });
            insert.Parameters.Add(new() { Value = reports.Select(r => r.Report.Status).ToArray() });
            insert.Parameters.Add(new() { Value = reports.Select(r => r.Status?.ToString()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = reports.Select(r => r.Report.DeliveryAttemptAt).ToArray() });
            insert.Parameters.Add(new() { Value = reports.Select(r => r.Report.StatusMessage).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = now });
            fresh = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var orderIds = new HashSet<Guid>();
        await using (var apply = new NpgsqlCommand(ApplyReportsSql, connection, transaction))
        {
            apply.Parameters.Add(new() { Value = reports.Select(r => r.Report.MessageId).Distinct().ToArray() });
            apply.Parameters.Add(new() { Value = now });
            await using var reader = await apply.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                orderIds.Add(reader.GetGuid(0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return (fresh, orderIds.ToList());
    }

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

    public async Task<DateTimeOffset?> GetNextOperationPollAsync(CancellationToken cancellationToken)
    {
        // The same filter as ix_email_notifications_to_poll, so this is one index probe.
        await using var command = dataSource.CreateCommand("""
            SELECT min(next_attempt_at) FROM notifications.email_notifications
            WHERE status = 'Sending' AND operation_id IS NOT NULL AND lease_expires_at IS NULL
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }
}
