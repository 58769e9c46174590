namespace Notifications.Core.Orders.CreateEmailOrder;

/// <summary>
/// Answers a retried request from its first order before validation runs (docs/architecture.md#journey):
/// a replay whose send time has passed since the first attempt is still that order, not a 400. The first request was
/// validated in full, and a replay has the same body (the hash says so); a different body is a 409 whatever it holds.
/// Registered ahead of <see cref="ValidationBehavior{TMessage,TResponse}"/>.
/// </summary>
public sealed class ReplayFirstBehavior(IOrderRepository orders) : IPipelineBehavior<CreateEmailOrderCommand, CreateEmailOrderResult>
{
    public async ValueTask<CreateEmailOrderResult> Handle(
        CreateEmailOrderCommand command,
        MessageHandlerDelegate<CreateEmailOrderCommand, CreateEmailOrderResult> next,
        CancellationToken cancellationToken)
    {
        // A malformed key cannot have been stored: leave it to the validator to name.
        if (command.IdempotencyKey is { } key
            && CreateEmailOrderValidator.IsWellFormedIdempotencyKey(key)
            && await FindReplayAsync(orders, command.Creator, key, CreateEmailOrderHandler.HashOf(command), cancellationToken) is { } replay)
        {
            return replay;
        }

        return await next(command, cancellationToken);
    }

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
