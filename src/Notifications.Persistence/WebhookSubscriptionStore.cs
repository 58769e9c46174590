namespace Notifications.Persistence;

/// <summary>Webhook subscriptions as plain SQL, each statement scoped to its creator.</summary>
internal sealed class WebhookSubscriptionStore(NpgsqlDataSource dataSource) : IWebhookSubscriptions
{
    public async Task<WebhookSubscription?> AddAsync(string creator, string url, string secret, int maxPerCreator, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One creator's subscribes one at a time, so the count below cannot be passed by a concurrent insert.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('webhooks:' || $1, 0))", connection, transaction))
        {
            lockCommand.Parameters.Add(new() { Value = creator });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        // start_after_seq: the newest number handed out so far; numbers only grow, so later entries are all above it.
        await using var insert = new NpgsqlCommand("""
            INSERT INTO notifications.webhook_subscriptions (id, creator, url, secret, created, start_after_seq, delivered_seq, attempts, next_attempt_at)
            SELECT $1, $2, $3, $4, now(), coalesce((SELECT max(sequence_number) FROM notifications.status_feed), 0), 0, 0, now()
            WHERE (SELECT count(*) FROM notifications.webhook_subscriptions WHERE creator = $2) < $5
            RETURNING created
            """, connection, transaction);
        var id = Guid.CreateVersion7();
        insert.Parameters.Add(new() { Value = id });
        insert.Parameters.Add(new() { Value = creator });
        insert.Parameters.Add(new() { Value = url });
        insert.Parameters.Add(new() { Value = secret });
        insert.Parameters.Add(new() { Value = maxPerCreator });
        var created = await insert.ExecuteScalarAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created is DateTime at ? new WebhookSubscription(id, url, new DateTimeOffset(at, TimeSpan.Zero)) : null;
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(string creator, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, url, created FROM notifications.webhook_subscriptions WHERE creator = $1 ORDER BY created, id");
        command.Parameters.Add(new() { Value = creator });
        var subscriptions = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subscriptions.Add(new WebhookSubscription(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return subscriptions;
    }

    public async Task<WebhookSubscription?> FindAsync(Guid id, string creator, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, url, created FROM notifications.webhook_subscriptions WHERE id = $1 AND creator = $2");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = creator });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new WebhookSubscription(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public async Task<bool> DeleteAsync(Guid id, string creator, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM notifications.webhook_subscriptions WHERE id = $1 AND creator = $2");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = creator });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
