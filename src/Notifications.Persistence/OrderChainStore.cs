using Notifications.Persistence.Configurations;

namespace Notifications.Persistence;

internal sealed class OrderChainStore(NotificationsDbContext db, NpgsqlDataSource dataSource) : IOrderChainStore
{
    /// <summary>One batch, which PostgreSQL runs as one implicit transaction: the chain and every shipment, or nothing.</summary>
    public async Task<bool> TryAddAsync(OrderChain chain, IReadOnlyList<NotificationOrder> shipments, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(InsertCommand(chain));
        batch.BatchCommands.Add(OrderRepository.InsertCommand(shipments));

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (IsIdempotencyConflict(e))
        {
            return false;
        }
    }

    /// <summary>The chain's INSERT, first in a batch: a concurrent request with the same idempotency id waits on it.</summary>
    internal static NpgsqlBatchCommand InsertCommand(OrderChain chain) =>
        new("""
            INSERT INTO notifications.order_chains
                (id, creator, idempotency_id, request_hash, senders_reference, dialog_id, transmission_id, created)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """)
        {
            Parameters =
            {
                new() { Value = chain.Id },
                new() { Value = chain.Creator },
                new() { Value = chain.IdempotencyId },
                new() { Value = chain.RequestHash },
                OrderRepository.Text(chain.SendersReference),
                OrderRepository.Text(chain.DialogId),
                OrderRepository.Text(chain.TransmissionId),
                new() { Value = chain.Created },
            },
        };

    internal static bool IsIdempotencyConflict(PostgresException e) =>
        e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OrderChainConfiguration.IdempotencyIndexName };

    public Task<OrderChain?> FindByIdempotencyIdAsync(string creator, string idempotencyId, CancellationToken cancellationToken) =>
        db.OrderChains.AsNoTracking().FirstOrDefaultAsync(c => c.Creator == creator && c.IdempotencyId == idempotencyId, cancellationToken);

    public async Task<OrderChainView?> GetAsync(Guid chainId, string creator, CancellationToken cancellationToken)
    {
        var chain = await db.OrderChains.AsNoTracking().FirstOrDefaultAsync(c => c.Id == chainId && c.Creator == creator, cancellationToken);
        if (chain is null)
        {
            return null;
        }

        var shipments = await db.Orders.AsNoTracking()
            .Where(o => o.ChainId == chainId)
            .OrderBy(o => o.Type == ShipmentType.Reminder).ThenBy(o => o.RequestedSendTime).ThenBy(o => o.Id)
            .ToListAsync(cancellationToken);
        return new OrderChainView(chain, shipments);
    }

    public Task<int> CancelAsync(Guid chainId, string creator, DateTimeOffset sendTimeAfter, DateTimeOffset now, CancellationToken cancellationToken) =>
        OrderRepository.CancelAsync(dataSource, "chain_id = $4", chainId, creator, sendTimeAfter, now, cancellationToken);
}
