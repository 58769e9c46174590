using Notifications.Persistence.Configurations;

namespace Notifications.Persistence;

/// <summary>
/// Send-once for instant emails with PostgreSQL's unique index (docs/architecture.md#instant): the chain's INSERT opens
/// the transaction, and a concurrent INSERT of the same creator and idempotency id waits on the index entry until this
/// transaction ends — a unique violation after a commit, success after a rollback.
/// </summary>
internal sealed class InstantEmailStore(NpgsqlDataSource dataSource) : IInstantEmailStore
{
    public async Task<IInstantEmailSlot?> ReserveAsync(OrderChain chain, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            // BEGIN goes out with the INSERT, in one round trip.
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var insert = new NpgsqlBatch(connection, transaction) { BatchCommands = { OrderChainStore.InsertCommand(chain) } };
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return new Slot(connection, transaction);
        }
        catch (PostgresException e) when (IsTaken(e))
        {
            await DisposeAsync(connection, transaction);
            return null;
        }
        catch
        {
            await DisposeAsync(connection, transaction);
            throw;
        }
    }

    /// <summary>
    /// The idempotency index or, as the chain id is derived from the creator and idempotency id, the chain's primary key:
    /// which of the two reports a duplicate first is PostgreSQL's choice.
    /// </summary>
    private static bool IsTaken(PostgresException e) =>
        OrderChainStore.IsIdempotencyConflict(e)
        || e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OrderChainConfiguration.PrimaryKeyName };

    private static async Task DisposeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        await connection.DisposeAsync();
    }

    private sealed class Slot(NpgsqlConnection connection, NpgsqlTransaction transaction) : IInstantEmailSlot
    {
        public async Task CommitAsync(NotificationOrder order, SentInstantEmail email, CancellationToken cancellationToken)
        {
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands = { OrderRepository.InsertCommand([order]), InsertEmailCommand(order.Creator, email) },
            };
            if (order.ProcessingStatus == OrderProcessingStatus.Completed)
            {
                // Final at once (a provider that does not report later): its feed entry in the same transaction. An order
                // still waiting for its provider's report gets its entry from the statement that completes it.
                batch.BatchCommands.Add(new NpgsqlBatchCommand(FeedSql.InsertEntryOf("$1")) { Parameters = { new() { Value = order.Id } } });
            }

            if (email.OperationId is { } operationId)
            {
                // A delivery report may have arrived before the email was stored: apply it now, as a send result would.
                batch.BatchCommands.Add(new NpgsqlBatchCommand(DispatchSql.ApplyReports(1))
                {
                    Parameters = { DispatchSql.MessageIds([operationId]), new() { Value = email.Notification.StatusChanged } },
                });
            }

            // COMMIT rides with the INSERTs: one round trip fewer while the reservation holds the index entry. Npgsql sees
            // the transaction end in the server's answer, so disposing the NpgsqlTransaction afterwards sends nothing.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        /// <summary>Rolls back unless committed, and returns the connection to the pool.</summary>
        public ValueTask DisposeAsync() => new(InstantEmailStore.DisposeAsync(connection, transaction));
    }

    /// <summary>The email as the dispatch path leaves an accepted one: no claim, no lease, its operation id and next poll.</summary>
    private static NpgsqlBatchCommand InsertEmailCommand(string creator, SentInstantEmail email)
    {
        var n = email.Notification;
        return new("""
            INSERT INTO notifications.email_notifications
                (id, order_id, creator, email_address, status, status_changed, expires_at, attempts, next_attempt_at, operation_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)
            """)
        {
            Parameters =
            {
                new() { Value = n.Id },
                new() { Value = n.OrderId },
                new() { Value = creator },
                OrderRepository.Text(n.EmailAddress),
                new() { Value = n.Status.ToString() },
                new() { Value = n.StatusChanged },
                new() { Value = n.ExpiresAt },
                new() { Value = email.NextAttemptAt },
                OrderRepository.Text(email.OperationId),
            },
        };
    }
}
