using Microsoft.EntityFrameworkCore;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Notifications.Persistence;

/// <summary>
/// The dispatch queries as plain SQL: every claim is one statement that picks rows with <c>FOR UPDATE SKIP LOCKED</c>,
/// flips their status and stamps a claim token and lease, so hosts never take the same row and a dead host's rows
/// come back when its lease runs out. Writes after a claim check the token, so a host that lost its claim changes nothing.
/// </summary>
internal sealed partial class DispatchStore(NpgsqlDataSource dataSource, NotificationsDbContext db) : IDispatchStore
{
    /// <summary>
    /// Every creator with rows in a queue (<paramref name="queued"/> names them), found with a loose index scan over the
    /// queue's per-creator index (one probe per creator), so a claim can take from each in turn: one creator's backlog
    /// never holds another creator's work back.
    /// </summary>
    private static string QueueCreatorsSql(string table, string queued) => $"""
        creators AS (
            (SELECT creator FROM notifications.{table} WHERE {queued} ORDER BY creator LIMIT 1)
            UNION ALL
            SELECT (SELECT q.creator FROM notifications.{table} q WHERE {queued} AND q.creator > c.creator ORDER BY q.creator LIMIT 1)
            FROM creators c WHERE c.creator IS NOT NULL)
        """;

    private static readonly string OrderCreatorsSql = QueueCreatorsSql("orders", "processing_status = 'Registered'");

    private static readonly string EmailCreatorsSql = QueueCreatorsSql("email_notifications", "status = 'New'");

    /// <summary>
    /// Each creator's share of a claim of <c>$1</c>: an equal part, so a claim locks little more than it takes (rows it
    /// locks but does not take are skipped by concurrent claims until it commits). A claim is underfilled only when some
    /// creator has less due than its share; the next claim takes more.
    /// </summary>
    private const string SharesSql = """
        shares AS (SELECT ceil($1::numeric / greatest(count(creator), 1))::int AS share FROM creators)
        """;

    public async Task<IReadOnlyList<OrderClaim>> ClaimDueOrdersAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        // Each creator's due orders are ranked; the claim takes the first of every creator, then the second, ...
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE {OrderCreatorsSql}, {SharesSql},
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
            WITH RECURSIVE {OrderCreatorsSql}
            SELECT min(first.due_at) FROM creators c
            CROSS JOIN LATERAL (
                SELECT o.due_at FROM notifications.orders o
                WHERE o.processing_status = 'Registered' AND o.creator = c.creator ORDER BY o.due_at LIMIT 1) first
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }

    public async Task<IReadOnlyList<EmailClaim>> ClaimEmailsAsync(int batchSize, long maxTemplateBytes, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE {EmailCreatorsSql}, {SharesSql},
            picked AS (
                SELECT p.* FROM creators c
                CROSS JOIN LATERAL (
                    SELECT e.id, e.creator, e.next_attempt_at FROM notifications.email_notifications e
                    WHERE e.status = 'New' AND e.creator = c.creator AND e.next_attempt_at <= now() AND e.expires_at > now()
                    ORDER BY e.next_attempt_at
                    LIMIT (SELECT share FROM shares)
                    FOR UPDATE SKIP LOCKED) p
                WHERE c.creator IS NOT NULL),
            ready AS (
                SELECT id FROM picked
                ORDER BY row_number() OVER (PARTITION BY creator ORDER BY next_attempt_at), next_attempt_at
                LIMIT $1)
            UPDATE notifications.email_notifications e
            SET status = 'Sending', status_changed = now(), claim_token = $2, lease_expires_at = clock_timestamp() + $3,
                attempts = e.attempts + 1
            FROM ready, notifications.orders o
            WHERE e.id = ready.id AND o.id = e.order_id
            RETURNING e.id, e.order_id, e.attempts, e.email_address, e.recipient_name, e.organization_number, o.template_bytes
            """);
        command.Parameters.Add(new() { Value = batchSize });
        command.Parameters.Add(new() { Value = token });
        command.Parameters.Add(new() { Value = lease });
        var rows = new List<(Guid Id, Guid OrderId, int Attempts, string Email, string? Name, string? OrgNumber)>();
        var templateBytes = new Dictionary<Guid, long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
                templateBytes.TryAdd(reader.GetGuid(1), reader.GetInt32(6));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var kept = OrdersWithin(templateBytes, maxTemplateBytes);
        if (kept.Count < templateBytes.Count)
        {
            var over = rows.Where(r => !kept.Contains(r.OrderId)).Select(r => r.Id).ToArray();
            await ReleaseAsync(over, over.Select(_ => token).ToArray(), TimeSpan.Zero, cancellationToken);
            rows.RemoveAll(r => !kept.Contains(r.OrderId));
        }

        var orders = await LoadTemplatesAsync(kept.ToArray(), cancellationToken);
        return rows.Select(r => new EmailClaim(r.Id, r.OrderId, token, r.Attempts, r.Email, r.Name, r.OrgNumber, orders[r.OrderId].Template)
        {
            RequestedSendTime = orders[r.OrderId].RequestedSendTime,
        }).ToList();
    }

    /// <summary>The orders whose templates fit in <paramref name="maxBytes"/> together; the first one always does.</summary>
    private static HashSet<Guid> OrdersWithin(Dictionary<Guid, long> templateBytes, long maxBytes)
    {
        var kept = new HashSet<Guid>();
        long total = 0;
        foreach (var (orderId, bytes) in templateBytes)
        {
            if (kept.Count > 0 && total + bytes > maxBytes)
            {
                continue;
            }

            kept.Add(orderId);
            total += bytes;
        }

        return kept;
    }

    public async Task<IReadOnlySet<Guid>> RenewEmailClaimsAsync(Guid claimToken, IReadOnlyCollection<Guid> notificationIds, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE notifications.email_notifications SET lease_expires_at = clock_timestamp() + $3
            WHERE id = ANY($1) AND claim_token = $2 AND status = 'Sending'
            RETURNING id
            """);
        command.Parameters.Add(new() { Value = notificationIds.ToArray() });
        command.Parameters.Add(new() { Value = claimToken });
        command.Parameters.Add(new() { Value = lease });
        var held = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add(reader.GetGuid(0));
        }

        return held;
    }

    public Task ReleaseEmailClaimsAsync(IReadOnlyList<EmailClaim> claims, TimeSpan retryIn, CancellationToken cancellationToken) =>
        claims.Count == 0
            ? Task.CompletedTask
            : ReleaseAsync(claims.Select(c => c.NotificationId).ToArray(), claims.Select(c => c.ClaimToken).ToArray(), retryIn, cancellationToken);

    private async Task ReleaseAsync(Guid[] ids, Guid[] claimTokens, TimeSpan retryIn, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE notifications.email_notifications e
            SET status = 'New', status_changed = now(), claim_token = NULL, lease_expires_at = NULL,
                attempts = e.attempts - 1, next_attempt_at = now() + $3
            FROM unnest($1::uuid[], $2::uuid[]) AS r(id, claim_token)
            WHERE e.id = r.id AND e.claim_token = r.claim_token AND e.status = 'Sending'
            """);
        command.Parameters.Add(new() { Value = ids });
        command.Parameters.Add(new() { Value = claimTokens });
        command.Parameters.Add(new() { Value = retryIn });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<Dictionary<Guid, (EmailTemplate Template, DateTimeOffset RequestedSendTime)>> LoadTemplatesAsync(
        Guid[] orderIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, from_address, subject, body, content_type, requested_send_time FROM notifications.orders WHERE id = ANY($1)");
        command.Parameters.Add(new() { Value = orderIds });
        var orders = new Dictionary<Guid, (EmailTemplate, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            orders[reader.GetGuid(0)] = (
                new EmailTemplate(reader.GetString(1), reader.GetString(2), reader.GetString(3), Enum.Parse<EmailContentType>(reader.GetString(4))),
                reader.GetFieldValue<DateTimeOffset>(5));
        }

        return orders;
    }

    public async Task RecordSendResultsAsync(IReadOnlyList<SendResult> results, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return;
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            UPDATE notifications.email_notifications e
            SET status = r.status, status_changed = $1, operation_id = coalesce(r.operation_id, e.operation_id),
                next_attempt_at = coalesce(r.next_attempt_at, e.next_attempt_at), claim_token = NULL, lease_expires_at = NULL
            FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
                AS r(id, claim_token, status, operation_id, next_attempt_at)
            WHERE e.id = r.id AND e.claim_token = r.claim_token AND e.status = 'Sending'
            """)
        {
            Parameters =
            {
                new() { Value = now },
                new() { Value = results.Select(r => r.Claim.NotificationId).ToArray() },
                new() { Value = results.Select(r => r.Claim.ClaimToken).ToArray() },
                new() { Value = results.Select(r => r.Status.ToString()).ToArray() },
                new() { Value = results.Select(r => r.OperationId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new()
                {
                    Value = results.Select(r => r.NextAttemptAt).ToArray(),
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                },
            },
        });
        var operationIds = results.Select(r => r.OperationId).OfType<string>().ToArray();
        if (operationIds.Length > 0)
        {
            // A delivery report may have arrived before we recorded the operation id: apply it now.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ApplyReportsSql)
            {
                Parameters = { new() { Value = operationIds }, new() { Value = now } },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetNextEmailDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE {EmailCreatorsSql}
            SELECT min(first.next_attempt_at) FROM creators c
            CROSS JOIN LATERAL (
                SELECT e.next_attempt_at FROM notifications.email_notifications e
                WHERE e.status = 'New' AND e.creator = c.creator ORDER BY e.next_attempt_at LIMIT 1) first
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }

    public async Task<int> CompleteFinishedOrdersAsync(
        IReadOnlyCollection<Guid>? orderIds, bool succeededIsFinal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE notifications.orders o
            SET processing_status = 'Completed', processing_status_changed = $1
            WHERE o.processing_status = 'Processed' AND ($2::uuid[] IS NULL OR o.id = ANY($2))
              AND NOT EXISTS (SELECT 1 FROM notifications.email_notifications e
                              WHERE e.order_id = o.id AND e.status IN ('New', 'Sending'))
              AND ($3 OR NOT EXISTS (SELECT 1 FROM notifications.email_notifications e
                                     WHERE e.order_id = o.id AND e.status = 'Succeeded'))
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = (object?)orderIds?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = succeededIsFinal });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(int Orders, int Emails)> RecoverStaleClaimsAsync(CancellationToken cancellationToken)
    {
        // Leases are compared on the database's clock, so a host whose clock runs ahead cannot take live work over.
        await using var orders = dataSource.CreateCommand("""
            UPDATE notifications.orders
            SET processing_status = 'Registered', processing_status_changed = now(), claim_token = NULL, lease_expires_at = NULL, due_at = now()
            WHERE processing_status = 'Processing' AND lease_expires_at < now()
            """);
        // Emails whose send was claimed but never answered go back to New (the provider call carries the same
        // idempotency id on the retry); an accepted email (with an operation id) is only polled again, never resent.
        await using var emails = dataSource.CreateCommand("""
            UPDATE notifications.email_notifications
            SET status = CASE WHEN operation_id IS NULL THEN 'New' ELSE status END,
                status_changed = CASE WHEN operation_id IS NULL THEN now() ELSE status_changed END,
                claim_token = NULL, lease_expires_at = NULL, next_attempt_at = now()
            WHERE status = 'Sending' AND lease_expires_at < now()
            """);
        return (await orders.ExecuteNonQueryAsync(cancellationToken), await emails.ExecuteNonQueryAsync(cancellationToken));
    }

    public Task<int> ExpireAsync(bool succeededAwaitsReport, CancellationToken cancellationToken) =>
        MaintenanceBatches.RunAsync(async (size, ct) =>
        {
            await using var command = dataSource.CreateCommand("""
                WITH batch AS (
                    SELECT id FROM notifications.email_notifications
                    WHERE expires_at <= now()
                      AND (status = 'New'
                           OR (status = 'Sending' AND (lease_expires_at IS NULL OR lease_expires_at < now()))
                           OR ($1 AND status = 'Succeeded'))
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                UPDATE notifications.email_notifications e
                SET status = 'Failed_TTL', status_changed = now(), claim_token = NULL, lease_expires_at = NULL
                FROM batch WHERE e.id = batch.id
                """);
            command.Parameters.Add(new() { Value = succeededAwaitsReport });
            command.Parameters.Add(new() { Value = size });
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
}
