namespace Notifications.Persistence;

/// <summary>
/// The order queue as plain SQL: a claim is one statement that picks due orders with <c>FOR UPDATE SKIP LOCKED</c>, flips
/// them to Processing and stamps a claim token and lease, so hosts never take the same order and a dead host's orders
/// come back when its lease runs out. Writes after a claim check the token, so a host that lost its claim changes nothing.
/// </summary>
internal sealed class OrderQueue(NpgsqlDataSource dataSource, NotificationsDbContext db) : IOrderQueue
{
    /// <summary>$1 batch size, $2 claim token, $3 lease.</summary>
    private static readonly string ClaimSql = DispatchSql.FairClaim(
        table: "orders",
        queued: $"processing_status = {StatusSql.Registered}",
        due: "q.due_at <= now()",
        rankBy: "due_at",
        set: $"processing_status = {StatusSql.Processing}, processing_status_changed = now(), claim_token = $2, lease_expires_at = clock_timestamp() + $3",
        returning: "t.id, t.condition_attempts, t.lookup_attempts");

    private static readonly string NextDueSql = DispatchSql.EarliestQueued("orders", $"processing_status = {StatusSql.Registered}", "due_at");

    public async Task<IReadOnlyList<OrderClaim>> ClaimDueOrdersAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand(ClaimSql);
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
        await using var command = dataSource.CreateCommand($"""
            UPDATE notifications.orders SET lease_expires_at = clock_timestamp() + $2
            WHERE claim_token = ANY($1) AND processing_status = {StatusSql.Processing}
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
        await using (var update = new NpgsqlCommand($"""
            UPDATE notifications.orders
            SET processing_status = $1, processing_status_changed = $2, claim_token = NULL, lease_expires_at = NULL
            WHERE id = $3 AND claim_token = $4 AND processing_status = {StatusSql.Processing}
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

        if (status is OrderProcessingStatus.Completed or OrderProcessingStatus.SendConditionNotMet)
        {
            // Final at fan-out (no email, or none that can change): its feed entry in the same transaction.
            await using var entry = new NpgsqlCommand(FeedSql.InsertEntryOf("$1"), connection, transaction);
            entry.Parameters.Add(new() { Value = claim.Order.Id });
            await entry.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    public async Task ReleaseOrderAsync(OrderClaim claim, TimeSpan retryIn, int conditionAttempts, int lookupAttempts, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE notifications.orders
            SET processing_status = {StatusSql.Registered}, processing_status_changed = now(), claim_token = NULL, lease_expires_at = NULL,
                due_at = now() + $1, condition_attempts = $2, lookup_attempts = $3
            WHERE id = $4 AND claim_token = $5 AND processing_status = {StatusSql.Processing}
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
        await using var command = dataSource.CreateCommand(NextDueSql);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }
}
