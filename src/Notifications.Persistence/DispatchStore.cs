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
    public async Task<IReadOnlyList<OrderClaim>> ClaimDueOrdersAsync(int batchSize, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT id FROM notifications.orders
                WHERE processing_status = 'Registered' AND due_at <= $1
                ORDER BY due_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            UPDATE notifications.orders o
            SET processing_status = 'Processing', processing_status_changed = $1, claim_token = $3, lease_expires_at = $4
            FROM due WHERE o.id = due.id
            RETURNING o.id, o.condition_attempts, o.lookup_attempts
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = batchSize });
        command.Parameters.Add(new() { Value = token });
        command.Parameters.Add(new() { Value = now + lease });
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
                (id, order_id, email_address, national_identity_number, organization_number, recipient_name,
                 status, status_changed, expires_at, attempts, next_attempt_at)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken))
        {
            foreach (var n in notifications)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(n.Id, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(n.OrderId, NpgsqlDbType.Uuid, cancellationToken);
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

    public async Task ReleaseOrderAsync(OrderClaim claim, DateTimeOffset nextAttemptAt, int conditionAttempts, int lookupAttempts, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE notifications.orders
            SET processing_status = 'Registered', processing_status_changed = now(), claim_token = NULL, lease_expires_at = NULL,
                due_at = $1, condition_attempts = $2, lookup_attempts = $3
            WHERE id = $4 AND claim_token = $5 AND processing_status = 'Processing'
            """);
        command.Parameters.Add(new() { Value = nextAttemptAt });
        command.Parameters.Add(new() { Value = conditionAttempts });
        command.Parameters.Add(new() { Value = lookupAttempts });
        command.Parameters.Add(new() { Value = claim.Order.Id });
        command.Parameters.Add(new() { Value = claim.ClaimToken });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetNextOrderDueAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT min(due_at) FROM notifications.orders WHERE processing_status = 'Registered'");
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }

    public async Task<IReadOnlyList<EmailClaim>> ClaimEmailsAsync(int batchSize, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand("""
            WITH ready AS (
                SELECT id FROM notifications.email_notifications
                WHERE status = 'New' AND next_attempt_at <= $1 AND expires_at > $1
                ORDER BY next_attempt_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            UPDATE notifications.email_notifications e
            SET status = 'Sending', status_changed = $1, claim_token = $3, lease_expires_at = $4, attempts = e.attempts + 1
            FROM ready WHERE e.id = ready.id
            RETURNING e.id, e.order_id, e.attempts, e.email_address, e.recipient_name, e.organization_number
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = batchSize });
        command.Parameters.Add(new() { Value = token });
        command.Parameters.Add(new() { Value = now + lease });
        var rows = new List<(Guid Id, Guid OrderId, int Attempts, string Email, string? Name, string? OrgNumber)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var orders = await LoadTemplatesAsync(rows.Select(r => r.OrderId).Distinct().ToArray(), cancellationToken);
        return rows.Select(r => new EmailClaim(r.Id, r.OrderId, token, r.Attempts, r.Email, r.Name, r.OrgNumber, orders[r.OrderId].Template)
        {
            RequestedSendTime = orders[r.OrderId].RequestedSendTime,
        }).ToList();
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
        await using var command = dataSource.CreateCommand(
            "SELECT min(next_attempt_at) FROM notifications.email_notifications WHERE status = 'New'");
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

    public async Task<(int Orders, int Emails)> RecoverStaleClaimsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var orders = dataSource.CreateCommand("""
            UPDATE notifications.orders
            SET processing_status = 'Registered', processing_status_changed = $1, claim_token = NULL, lease_expires_at = NULL, due_at = $1
            WHERE processing_status = 'Processing' AND lease_expires_at < $1
            """);
        orders.Parameters.Add(new() { Value = now });
        // Emails whose send was claimed but never answered go back to New (the provider call carries the same
        // idempotency id on the retry); an accepted email (with an operation id) is only polled again, never resent.
        await using var emails = dataSource.CreateCommand("""
            UPDATE notifications.email_notifications
            SET status = CASE WHEN operation_id IS NULL THEN 'New' ELSE status END,
                status_changed = CASE WHEN operation_id IS NULL THEN $1 ELSE status_changed END,
                claim_token = NULL, lease_expires_at = NULL, next_attempt_at = $1
            WHERE status = 'Sending' AND lease_expires_at < $1
            """);
        emails.Parameters.Add(new() { Value = now });
        return (await orders.ExecuteNonQueryAsync(cancellationToken), await emails.ExecuteNonQueryAsync(cancellationToken));
    }

    public Task<int> ExpireAsync(DateTimeOffset now, bool succeededAwaitsReport, CancellationToken cancellationToken) =>
        MaintenanceBatches.RunAsync(async (size, ct) =>
        {
            await using var command = dataSource.CreateCommand("""
                WITH batch AS (
                    SELECT id FROM notifications.email_notifications
                    WHERE expires_at <= $1
                      AND (status = 'New'
                           OR (status = 'Sending' AND (lease_expires_at IS NULL OR lease_expires_at < $1))
                           OR ($2 AND status = 'Succeeded'))
                    LIMIT $3
                    FOR UPDATE SKIP LOCKED)
                UPDATE notifications.email_notifications e
                SET status = 'Failed_TTL', status_changed = $1, claim_token = NULL, lease_expires_at = NULL
                FROM batch WHERE e.id = batch.id
                """);
            command.Parameters.Add(new() { Value = now });
            command.Parameters.Add(new() { Value = succeededAwaitsReport });
            command.Parameters.Add(new() { Value = size });
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
}
