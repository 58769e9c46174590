namespace Notifications.Persistence;

/// <summary>
/// Webhook delivery claims as plain SQL (docs/webhooks.md). A claim is one statement: due subscriptions that have an
/// entry after their cursor, locked with <c>FOR UPDATE SKIP LOCKED</c>, stamped with a token and a lease on the
/// database clock. Every later write names the token, so a host whose lease ran out (and was taken over) changes nothing.
/// </summary>
internal sealed class WebhookQueue(NpgsqlDataSource dataSource) : IWebhookQueue, IWebhookLagReader
{
    /// <summary>The entry to deliver next comes after both the cursor and the subscription's start.</summary>
    private const string From = "greatest(s.delivered_seq, s.start_after_seq)";

    private const string Owned = "id = $1 AND claim_token = $2";

    public async Task<IReadOnlyList<WebhookClaim>> ClaimDueAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand($"""
            WITH due AS (
                SELECT s.id FROM notifications.webhook_subscriptions s
                WHERE s.next_attempt_at <= now() AND (s.lease_expires_at IS NULL OR s.lease_expires_at < clock_timestamp())
                  AND EXISTS (SELECT 1 FROM notifications.status_feed f
                              WHERE f.creator = s.creator AND f.sequence_number > {From})
                ORDER BY s.next_attempt_at
                LIMIT $1
                FOR UPDATE OF s SKIP LOCKED)
            UPDATE notifications.webhook_subscriptions s SET claim_token = $2, lease_expires_at = clock_timestamp() + $3
            FROM due WHERE s.id = due.id
            RETURNING s.id, s.creator, s.url, s.secret, {From}, s.attempts, now() - s.failing_since
            """);
        command.Parameters.Add(new() { Value = batchSize });
        command.Parameters.Add(new() { Value = token });
        command.Parameters.Add(new() { Value = lease });
        var claims = new List<WebhookClaim>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claims.Add(new WebhookClaim(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<TimeSpan>(6), token));
        }

        return claims;
    }

    public Task RenewAsync(WebhookClaim claim, TimeSpan lease, CancellationToken cancellationToken) =>
        ExecuteAsync($"UPDATE notifications.webhook_subscriptions SET lease_expires_at = clock_timestamp() + $3 WHERE {Owned}", claim, lease, cancellationToken);

    public async Task<bool> AdvanceAsync(WebhookClaim claim, long sequenceNumber, CancellationToken cancellationToken) =>
        await ExecuteAsync($"""
            UPDATE notifications.webhook_subscriptions SET delivered_seq = $3, attempts = 0, failing_since = NULL
            WHERE {Owned}
            """, claim, sequenceNumber, cancellationToken) == 1;

    public async Task<bool> FailAsync(WebhookClaim claim, TimeSpan retryAfter, CancellationToken cancellationToken) =>
        await ExecuteAsync($"""
            UPDATE notifications.webhook_subscriptions
            SET attempts = attempts + 1, failing_since = coalesce(failing_since, now()), next_attempt_at = now() + $3,
                claim_token = NULL, lease_expires_at = NULL
            WHERE {Owned}
            """, claim, retryAfter, cancellationToken) == 1;

    public Task ReleaseAsync(WebhookClaim claim, CancellationToken cancellationToken) =>
        ExecuteAsync($"UPDATE notifications.webhook_subscriptions SET claim_token = NULL, lease_expires_at = NULL WHERE {Owned}", claim, null, cancellationToken);

    public IReadOnlyList<(Guid Subscription, string Creator, long Lag)> ReadLag()
    {
        // One index range count per subscription (creator, sequence_number); there are at most five per creator.
        using var command = dataSource.CreateCommand($"""
            SELECT s.id, s.creator, (SELECT count(*) FROM notifications.status_feed f WHERE f.creator = s.creator AND f.sequence_number > {From})
            FROM notifications.webhook_subscriptions s
            """);
        using var reader = command.ExecuteReader();
        var lag = new List<(Guid, string, long)>();
        while (reader.Read())
        {
            lag.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return lag;
    }

    private async Task<int> ExecuteAsync(string sql, WebhookClaim claim, object? value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = claim.Id });
        command.Parameters.Add(new() { Value = claim.ClaimToken });
        if (value is not null)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
