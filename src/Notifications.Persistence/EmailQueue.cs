namespace Notifications.Persistence;

/// <summary>
/// The email queue as plain SQL: a claim is one statement that picks ready emails with <c>FOR UPDATE SKIP LOCKED</c>,
/// flips them to Sending and stamps a claim token and lease, so hosts never take the same email and a dead host's emails
/// come back when its lease runs out. Writes after a claim check the token, so a host that lost its claim changes nothing.
/// </summary>
internal sealed class EmailQueue(NpgsqlDataSource dataSource) : IEmailQueue
{
    /// <summary>$1 batch size, $2 claim token, $3 lease.</summary>
    private static readonly string ClaimSql = DispatchSql.FairClaim(
        table: "email_notifications",
        queued: $"status = {StatusSql.New}",
        due: "q.next_attempt_at <= now() AND q.expires_at > now()",
        rankBy: "next_attempt_at",
        set: $"status = {StatusSql.Sending}, status_changed = now(), claim_token = $2, lease_expires_at = clock_timestamp() + $3, attempts = t.attempts + 1",
        returning: "t.id, t.order_id, t.attempts, t.email_address, t.recipient_name, t.organization_number, o.template_bytes",
        join: ", notifications.orders o",
        joinOn: " AND o.id = t.order_id");

    private static readonly string NextDueSql = DispatchSql.EarliestQueued("email_notifications", $"status = {StatusSql.New}", "next_attempt_at", "q.expires_at > now()");

    public async Task<IReadOnlyList<EmailClaim>> ClaimEmailsAsync(int batchSize, long maxTemplateBytes, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand(ClaimSql);
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
        await using var command = dataSource.CreateCommand($"""
            UPDATE notifications.email_notifications SET lease_expires_at = clock_timestamp() + $3
            WHERE id = ANY($1) AND claim_token = $2 AND status = {StatusSql.Sending}
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
        await using var command = dataSource.CreateCommand($"""
            UPDATE notifications.email_notifications e
            SET status = {StatusSql.New}, status_changed = now(), claim_token = NULL, lease_expires_at = NULL,
                attempts = e.attempts - 1, next_attempt_at = now() + $3
            FROM unnest($1::uuid[], $2::uuid[]) AS r(id, claim_token)
            WHERE e.id = r.id AND e.claim_token = r.claim_token AND e.status = {StatusSql.Sending}
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
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            UPDATE notifications.email_notifications e
            SET status = r.status, status_changed = $1, operation_id = coalesce(r.operation_id, e.operation_id),
                next_attempt_at = coalesce(r.next_attempt_at, e.next_attempt_at), claim_token = NULL, lease_expires_at = NULL
            FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
                AS r(id, claim_token, status, operation_id, next_attempt_at)
            WHERE e.id = r.id AND e.claim_token = r.claim_token AND e.status = {StatusSql.Sending}
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
            batch.BatchCommands.Add(new NpgsqlBatchCommand(DispatchSql.ApplyReports(operationIds.Length))
            {
                Parameters = { DispatchSql.MessageIds(operationIds), new() { Value = now } },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetNextEmailDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Emails past their expiry are never claimed (the TTL sweep fails them): counting them would wake the sender
        // over and over for nothing until the sweep.
        await using var command = dataSource.CreateCommand(NextDueSql);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }
}
