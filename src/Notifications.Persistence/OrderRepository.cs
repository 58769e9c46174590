using System.Text;
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
        batch.BatchCommands.Add(InsertCommand([order]));
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

    /// <summary>
    /// One INSERT of the given orders, for a batch: v1 orders and the shipments of an order chain are written alike. One
    /// statement however many shipments a chain has, so its statement-level triggers run once (a chain of two as two
    /// statements cost PostgreSQL a sixth more CPU, bench/README.md).
    /// </summary>
    internal static NpgsqlBatchCommand InsertCommand(IReadOnlyList<NotificationOrder> orders)
    {
        var values = new StringBuilder();
        var command = new NpgsqlBatchCommand();
        foreach (var order in orders)
        {
            var p = command.Parameters.Count;
            values.Append(values.Length == 0 ? "" : ",\n")
                .Append($"(${p + 1}, ${p + 2}, ${p + 3}, ${p + 4}, ${p + 5}, ${p + 6}, ${p + 7}, ${p + 8}, ${p + 9}, ${p + 10}, ${p + 11}, ")
                .Append($"${p + 12}, ${p + 13}, ${p + 14}, ${p + 15}, ${p + 16}, ${p + 17}, ${p + 18}, ${p + 5}, 0, 0)");
            command.Parameters.Add(new() { Value = order.Id });
            command.Parameters.Add(new() { Value = order.Creator });
            command.Parameters.Add(new() { Value = order.Created });
            command.Parameters.Add(Text(order.SendersReference));
            command.Parameters.Add(new() { Value = order.RequestedSendTime });
            command.Parameters.Add(new() { Value = order.IgnoreReservation });
            command.Parameters.Add(Text(order.ResourceId));
            command.Parameters.Add(Text(order.ConditionEndpoint?.ToString()));
            command.Parameters.Add(new() { Value = order.ProcessingStatus.ToString() });
            command.Parameters.Add(new() { Value = order.ProcessingStatusChanged });
            command.Parameters.Add(new() { Value = JsonSerializer.Serialize(order.Recipients, NotificationOrderConfiguration.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            command.Parameters.Add(new()
            {
                Value = order.RecipientLookup is { } lookup ? JsonSerializer.Serialize(lookup, NotificationOrderConfiguration.Json) : DBNull.Value,
                NpgsqlDbType = NpgsqlDbType.Jsonb,
            });
            command.Parameters.Add(new() { Value = order.EmailTemplate.FromAddress });
            command.Parameters.Add(new() { Value = order.EmailTemplate.Subject });
            command.Parameters.Add(new() { Value = order.EmailTemplate.Body });
            command.Parameters.Add(new() { Value = order.EmailTemplate.ContentType.ToString() });
            command.Parameters.Add(new() { Value = (object?)order.ChainId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new() { Value = order.Type.ToString() });
        }

        command.CommandText = $"""
            INSERT INTO notifications.orders
                (id, creator, created, senders_reference, requested_send_time, ignore_reservation, resource_id,
                 condition_endpoint, processing_status, processing_status_changed, recipients, recipient_lookup,
                 from_address, subject, body, content_type, chain_id, type, due_at, condition_attempts, lookup_attempts)
            VALUES {values}
            """;
        return command;
    }

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
        // One group at most (none without emails), so the whole result is read: FirstOrDefault would add a LIMIT
        // without an ORDER BY, which EF Core warns about on every first compilation.
        var counts = await db.EmailNotifications
            .Where(n => n.OrderId == orderId)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Generated = g.Count(),
                Succeeded = g.Count(n => n.Status == EmailNotificationStatus.Succeeded || n.Status == EmailNotificationStatus.Delivered),
            })
            .ToListAsync(cancellationToken);
        return counts is [var c] ? new EmailNotificationSummary(c.Generated, c.Succeeded) : null;
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
