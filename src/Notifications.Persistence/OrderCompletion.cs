namespace Notifications.Persistence;

/// <summary>Completes orders once no email of theirs can change any more.</summary>
internal sealed class OrderCompletion(NpgsqlDataSource dataSource) : IOrderCompletion
{
    public async Task<int> CompleteFinishedOrdersAsync(
        IReadOnlyCollection<Guid>? orderIds, bool succeededIsFinal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The feed entries are written by the same statement (docs/status-feed.md).
        await using var command = dataSource.CreateCommand($"""
            WITH completed AS (
                UPDATE notifications.orders o
                SET processing_status = {StatusSql.Completed}, processing_status_changed = $1
                WHERE o.processing_status = {StatusSql.Processed} AND ($2::uuid[] IS NULL OR o.id = ANY($2))
                  AND NOT EXISTS (SELECT 1 FROM notifications.email_notifications e
                                  WHERE e.order_id = o.id AND e.status IN ({StatusSql.Unsent}))
                  AND ($3 OR NOT EXISTS (SELECT 1 FROM notifications.email_notifications e
                                         WHERE e.order_id = o.id AND e.status IN ({StatusSql.AwaitingDeliveryReport})))
                RETURNING o.id, o.creator, o.senders_reference, o.type, o.processing_status, o.processing_status_changed)
            {FeedSql.InsertEntries("completed s")}
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = (object?)orderIds?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = succeededIsFinal });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
