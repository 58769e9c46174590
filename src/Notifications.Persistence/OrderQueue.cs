using Microsoft.EntityFrameworkCore;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Notifications.Persistence;

/// <summary>
/// The order queue as plain SQL: a claim is one statement that picks due orders with <c>FOR UPDATE SKIP LOCKED</c>, flips
/// them to Processing and stamps a claim token and lease, so hosts never take the same order and a dead host's orders
/// come back when its lease runs out. Writes after a claim check the token, so a host that lost its claim changes nothing.
/// </summary>
internal sealed class OrderQueue(NpgsqlDataSource dataSource, NotificationsDbContext db) : IOrderQueue
{
    private static readonly string CreatorsSql = DispatchSql.QueueCreators("orders", "processing_status = 'Registered'");

    public async Task<IReadOnlyList<OrderClaim>> ClaimDueOrdersAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        // Each creator's due orders are ranked; the claim takes the first of every creator, then the second, ...
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE {CreatorsSql}, {DispatchSql.Shares},
            picked AS (
                SELECT p.* FROM creators c
                CROSS JOIN LATERAL (
                    SELECT o.id, o.creator, o.due_at FROM notifications.orders o
                    WHERE o.processing_status = 'Registered' AND o.creator = c.creator AND o.due_at <= now()
                    ORDER BY o.due_at
                    LIMIT (SELECT share FROM shares)
                    FOR UPDATE SKIP LOCKED) p
                WHERE c.creator IS NOT NULL),
            due AS (
                SELECT id FROM picked
                ORDER BY row_number() OVER (PARTITION BY creator ORDER BY due_at), due_at
                LIMIT $1)
            UPDATE notifications.orders o
            SET processing_status = 'Processing', processing_status_changed = now(), claim_token = $2,
                lease_expires_at = clock_timestamp() + $3
            FROM due WHERE o.id = due.id
            RETURNING o.id, o.condition_attempts, o.lookup_attempts
            """);
        command.Parameters.Add(new() { Value = batchSize });
        command.Parameters.Add(new() { Value = token });
        command.Parameters.Add(new() { Value = lease });
        var attempts = new Dictionary<Guid, (int Condition, int Lookup)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                attempts[reader.GetGuid(0)] = (reader.GetInt32(1), reader.GetInt32(2));
            }
        }

        if (attempts.Count == 0)
        {
            return [];
        }

        var ids = attempts.Keys.ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken);
        return orders.Select(o => new OrderClaim(o, token, attempts[o.Id].Condition, attempts[o.Id].Lookup)).ToList();
    }

    public async Task RenewOrderClaimsAsync(IReadOnlyCollection<Guid> claimTokens, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE notifications.orders SET lease_expires_at = clock_timestamp() + $2
            WHERE claim_token = ANY($1) AND processing_status = 'Processing'
            """);
        command.Parameters.Add(new() { Value = claimTokens.ToArray() });
        command.Parameters.Add(new() { Value = lease });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> CompleteFanOutAsync(
        OrderClaim claim, IReadOnlyList<EmailNotification> notifications, OrderProcessingStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("""
            UPDATE notifications.orders
            SET processing_status = $1, processing_status_changed = $2, claim_token = NULL, lease_expires_at = NULL
            WHERE id = $3 AND claim_token = $4 AND processing_status = 'Processing'
            """, connection, transaction))
        {
            update.Parameters.Add(new() { Value = status.ToString() });
            update.Parameters.Add(new() { Value = now });
            update.Parameters.Add(new() { Value = claim.Order.Id });
            update.Parameters.Add(new() { Value = claim.ClaimToken });
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }

        // Binary COPY: one stream for all notifications, so a 100,000-recipient order is a few round trips.
        await using (var importer = await connection.BeginBinaryImportAsync("""
            COPY notifications.email_notifications
                (id, order_id, creator, email_address, national_identity_number, organization_number, recipient_name,
                 status, status_changed, expires_at, attempts, next_attempt_at)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken))
        {
            foreach (var n in notifications)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(n.Id, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(n.OrderId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(claim.Order.Creator, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, n.EmailAddress, cancellationToken);
                await WriteNullableAsync(importer, n.NationalIdentityNumber, cancellationToken);
                await WriteNullableAsync(importer, n.OrganizationNumber, cancellationToken);
                await WriteNullableAsync(importer, n.RecipientName, cancellationToken);
                await importer.WriteAsync(n.Status.ToString(), NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(n.StatusChanged, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(n.ExpiresAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    public async Task ReleaseOrderAsync(OrderClaim claim, TimeSpan retryIn, int conditionAttempts, int lookupAttempts, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE notifications.orders
            SET processing_status = 'Registered', processing_status_changed = now(), claim_token = NULL, lease_expires_at = NULL,
                due_at = now() + $1, condition_attempts = $2, lookup_attempts = $3
            WHERE id = $4 AND claim_token = $5 AND processing_status = 'Processing'
            """);
        command.Parameters.Add(new() { Value = retryIn });
        command.Parameters.Add(new() { Value = conditionAttempts });
        command.Parameters.Add(new() { Value = lookupAttempts });
        command.Parameters.Add(new() { Value = claim.Order.Id });
        command.Parameters.Add(new() { Value = claim.ClaimToken });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetNextOrderDueAsync(CancellationToken cancellationToken)
    {
        // The earliest of each creator's earliest, read from the per-creator index.
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE {CreatorsSql}
            SELECT min(first.due_at) FROM creators c
            CROSS JOIN LATERAL (
                SELECT o.due_at FROM notifications.orders o
                WHERE o.processing_status = 'Registered' AND o.creator = c.creator ORDER BY o.due_at LIMIT 1) first
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }
}
