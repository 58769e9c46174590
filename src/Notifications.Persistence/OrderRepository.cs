using System.Text.Json;
using Notifications.Persistence.Configurations;

namespace Notifications.Persistence;

internal sealed class OrderRepository(NotificationsDbContext db, NpgsqlDataSource dataSource) : IOrderRepository
{
    /// <summary>
    /// One round trip: the order and its idempotency key are inserted by one batch, which PostgreSQL runs as one
    /// implicit transaction. Plain SQL rather than SaveChanges: intake is the hottest path, and change tracking an
    /// entity that is written once and never updated here cost a third of a request's CPU (bench/README.md).
    /// </summary>
    public async Task<bool> TryAddAsync(NotificationOrder order, IdempotencyRecord? idempotency, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(InsertCommand(order));
        if (idempotency is not null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "INSERT INTO notifications.idempotency_keys (creator, key, request_hash, order_id, created) VALUES ($1, $2, $3, $4, $5)")
            {
                Parameters =
                {
                    new() { Value = idempotency.Creator },
                    new() { Value = idempotency.Key },
                    new() { Value = idempotency.RequestHash },
                    new() { Value = idempotency.OrderId },
                    new() { Value = idempotency.Created },
                },
            });
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: IdempotencyRecordConfiguration.PrimaryKeyName })
        {
            // The batch is atomic: the order was not stored either.
            return false;
        }
    }

    /// <summary>The INSERT of one order, for a batch: v1 orders and the shipments of an order chain are written alike.</summary>
    internal static NpgsqlBatchCommand InsertCommand(NotificationOrder order) =>
        new("""
            INSERT INTO notifications.orders
                (id, creator, created, senders_reference, requested_send_time, ignore_reservation, resource_id,
                 condition_endpoint, processing_status, processing_status_changed, recipients, recipient_lookup,
                 from_address, subject, body, content_type, chain_id, type, due_at, condition_attempts, lookup_attempts)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $5, 0, 0)
            """)
        {
            Parameters =
            {
                new() { Value = order.Id },
                new() { Value = order.Creator },
                new() { Value = order.Created },
                Text(order.SendersReference),
                new() { Value = order.RequestedSendTime },
                new() { Value = order.IgnoreReservation },
                Text(order.ResourceId),
                Text(order.ConditionEndpoint?.ToString()),
                new() { Value = order.ProcessingStatus.ToString() },
                new() { Value = order.ProcessingStatusChanged },
                new() { Value = JsonSerializer.Serialize(order.Recipients, NotificationOrderConfiguration.Json), NpgsqlDbType = NpgsqlDbType.Jsonb },
                new()
                {
                    Value = order.RecipientLookup is { } lookup ? JsonSerializer.Serialize(lookup, NotificationOrderConfiguration.Json) : DBNull.Value,
                    NpgsqlDbType = NpgsqlDbType.Jsonb,
                },
                new() { Value = order.EmailTemplate.FromAddress },
                new() { Value = order.EmailTemplate.Subject },
                new() { Value = order.EmailTemplate.Body },
                new() { Value = order.EmailTemplate.ContentType.ToString() },
                new() { Value = (object?)order.ChainId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = order.Type.ToString() },
            },
        };

    internal static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public Task<IdempotencyRecord?> FindIdempotencyRecordAsync(string creator, string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Creator == creator && r.Key == key, cancellationToken);

    public Task<NotificationOrder?> GetAsync(Guid orderId, string creator, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.Creator == creator, cancellationToken);

    public IAsyncEnumerable<EmailNotification> StreamEmailNotificationsAsync(Guid orderId) =>
        db.EmailNotifications.AsNoTracking()
            .Where(n => n.OrderId == orderId)
            .OrderBy(n => n.Id)
            .AsAsyncEnumerable();

    public async Task<EmailNotificationSummary?> GetEmailSummaryAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var counts = await db.EmailNotifications
            .Where(n => n.OrderId == orderId)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Generated = g.Count(),
                Succeeded = g.Count(n => n.Status == EmailNotificationStatus.Succeeded || n.Status == EmailNotificationStatus.Delivered),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return counts is null ? null : new EmailNotificationSummary(counts.Generated, counts.Succeeded);
    }

    public async Task<IReadOnlyList<NotificationOrder>> FindBySendersReferenceAsync(
        string creator, string sendersReference, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking()
            .Where(o => o.Creator == creator && o.SendersReference == sendersReference)
            .OrderBy(o => o.Created)
            .ToListAsync(cancellationToken);

    public async Task<bool> TryCancelAsync(
        Guid orderId, string creator, DateTimeOffset sendTimeAfter, DateTimeOffset now, CancellationToken cancellationToken) =>
        await CancelAsync(dataSource, "id = $4", orderId, creator, sendTimeAfter, now, cancellationToken) == 1;

    /// <summary>
    /// Cancels the creator's orders that <paramref name="which"/> (over <c>$4</c>) selects and that are Registered and due
    /// after <paramref name="sendTimeAfter"/>, with their feed entries, in one statement (a processing host claiming one
    /// at the same moment wins or loses cleanly); returns how many.
    /// </summary>
    internal static async Task<int> CancelAsync(
        NpgsqlDataSource dataSource, string which, Guid id, string creator, DateTimeOffset sendTimeAfter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH cancelled AS (
                UPDATE notifications.orders
                SET processing_status = {StatusSql.Cancelled}, processing_status_changed = $1
                WHERE {which} AND creator = $2 AND processing_status = {StatusSql.Registered} AND requested_send_time > $3
                RETURNING id, creator, senders_reference, type, processing_status, processing_status_changed)
            {FeedSql.InsertEntries("cancelled s")}
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = creator });
        command.Parameters.Add(new() { Value = sendTimeAfter });
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
