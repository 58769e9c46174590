namespace Notifications.Core.Orders.CreateOrderChain;

/// <summary>
/// Answers a retried chain request from its first chain before validation runs, as <c>ReplayFirstBehavior</c> does for
/// v1: same body → the original receipt (200), another body → 409 whatever it holds. Registered ahead of validation.
/// </summary>
public sealed class ChainReplayFirstBehavior(IOrderChainStore chains) : IPipelineBehavior<CreateOrderChainCommand, CreateOrderChainResult>
{
    public async ValueTask<CreateOrderChainResult> Handle(
        CreateOrderChainCommand command,
        MessageHandlerDelegate<CreateOrderChainCommand, CreateOrderChainResult> next,
        CancellationToken cancellationToken)
    {
        if (CreateOrderChainValidator.IsWellFormedIdempotencyId(command.IdempotencyId)
            && await FindReplayAsync(chains, command.Creator, command.IdempotencyId!, CreateOrderChainHandler.HashOf(command), cancellationToken) is { } replay)
        {
            return replay;
        }

        return await next(command, cancellationToken);
    }

    /// <summary>The receipt of this creator's chain with the idempotency id, or null when the id is new.</summary>
    /// <exception cref="ConflictException">The id was used for a request with another body.</exception>
    internal static async Task<CreateOrderChainResult?> FindReplayAsync(
        IOrderChainStore chains, string creator, string idempotencyId, string requestHash, CancellationToken cancellationToken)
    {
        var chain = await chains.FindByIdempotencyIdAsync(creator, idempotencyId, cancellationToken);
        if (chain is null)
        {
            return null;
        }

        if (chain.RequestHash != requestHash)
        {
            throw new ConflictException("The idempotencyId has already been used for a different request.");
        }

        var view = await chains.GetAsync(chain.Id, creator, cancellationToken)
            ?? throw new ConflictException("The idempotencyId belongs to an order that no longer exists.");
        return ChainShipments.Receipt(chain.Id, view.Shipments, replayed: true);
    }
}
