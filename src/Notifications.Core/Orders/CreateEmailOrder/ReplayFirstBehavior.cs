namespace Notifications.Core.Orders.CreateEmailOrder;

/// <summary>The v1 order's replay: the <c>Idempotency-Key</c> header (see <see cref="ReplayFirst{TCommand,TResult}"/>).</summary>
public sealed class ReplayFirstBehavior(IOrderRepository orders) : ReplayFirst<CreateEmailOrderCommand, CreateEmailOrderResult>
{
    protected override Task<CreateEmailOrderResult?> FindReplayAsync(CreateEmailOrderCommand command, CancellationToken cancellationToken) =>
        command.IdempotencyKey is { } key && CreateEmailOrderValidator.IsWellFormedIdempotencyKey(key)
            ? FindReplayAsync(orders, command.Creator, key, CreateEmailOrderHandler.HashOf(command), cancellationToken)
            : Task.FromResult<CreateEmailOrderResult?>(null);

    /// <summary>The first order of this creator's key, or null when the key is new.</summary>
    /// <exception cref="ConflictException">The key was used for a request with another body.</exception>
    internal static async Task<CreateEmailOrderResult?> FindReplayAsync(
        IOrderRepository orders, string creator, string key, string requestHash, CancellationToken cancellationToken)
    {
        var record = await orders.FindIdempotencyRecordAsync(creator, key, cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.RequestHash != requestHash)
        {
            throw new ConflictException("The Idempotency-Key has already been used for a different request.");
        }

        var order = await orders.GetAsync(record.OrderId, creator, cancellationToken)
            ?? throw new ConflictException("The Idempotency-Key belongs to an order that no longer exists.");
        return new CreateEmailOrderResult(order.Id, order.RecipientLookup, Replayed: true);
    }
}
