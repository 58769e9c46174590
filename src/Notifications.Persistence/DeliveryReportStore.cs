namespace Notifications.Persistence;

/// <summary>
/// Delivery reports: stored once by event id, then applied with <see cref="DispatchSql.ApplyReports"/>, in one transaction.
/// </summary>
internal sealed class DeliveryReportStore(NpgsqlDataSource dataSource) : IDeliveryReportStore
{
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
        var messageIds = reports.Select(r => r.Report.MessageId).Distinct().ToList();
        await using (var apply = new NpgsqlCommand(DispatchSql.ApplyReports(messageIds.Count), connection, transaction))
        {
            apply.Parameters.Add(DispatchSql.MessageIds(messageIds));
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
}
