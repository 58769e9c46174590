namespace Notifications.Persistence;

/// <summary>
/// Status polls of accepted emails (ACS operations), claimed with <c>FOR UPDATE SKIP LOCKED</c> and a lease like the
/// other queues; a recorded status is fenced by the claim token and never overrides a delivery report.
/// </summary>
internal sealed class OperationPolls(NpgsqlDataSource dataSource) : IOperationPolls
{
    public async Task<IReadOnlyList<OperationClaim>> ClaimOperationsToPollAsync(
        int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand($"""
            WITH due AS (
                SELECT id FROM notifications.email_notifications
                WHERE status = {StatusSql.Sending} AND operation_id IS NOT NULL AND lease_expires_at IS NULL AND next_attempt_at <= now()
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
        await using var command = dataSource.CreateCommand($"""
            UPDATE notifications.email_notifications
            SET status = coalesce($1, status), status_changed = CASE WHEN $1 IS NULL THEN status_changed ELSE $2 END,
                next_attempt_at = $3, claim_token = NULL, lease_expires_at = NULL
            WHERE id = $4 AND claim_token = $5 AND status = {StatusSql.Sending}
            """);
        command.Parameters.Add(new() { Value = (object?)status?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = nextPollAt });
        command.Parameters.Add(new() { Value = claim.NotificationId });
        command.Parameters.Add(new() { Value = claim.ClaimToken });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetNextOperationPollAsync(CancellationToken cancellationToken)
    {
        // The same filter as ix_email_notifications_to_poll, so this is one index probe.
        await using var command = dataSource.CreateCommand($"""
            SELECT min(next_attempt_at) FROM notifications.email_notifications
            WHERE status = {StatusSql.Sending} AND operation_id IS NOT NULL AND lease_expires_at IS NULL
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }
}
