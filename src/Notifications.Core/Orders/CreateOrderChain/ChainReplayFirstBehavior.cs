namespace Notifications.Core.Orders.CreateOrderChain;

/// <summary>The chain's replay: the creator's <c>idempotencyId</c> (see <see cref="ReplayFirst{TCommand,TResult}"/>).</summary>
public sealed class ChainReplayFirstBehavior(IOrderChainStore chains) : ReplayFirst<CreateOrderChainCommand, CreateOrderChainResult>
{
    protected override Task<CreateOrderChainResult?> FindReplayAsync(CreateOrderChainCommand command, CancellationToken cancellationToken) =>
        CreateOrderChainValidator.IsWellFormedIdempotencyId(command.IdempotencyId)
            ? FindReplayAsync(chains, command.Creator, command.IdempotencyId!, CreateOrderChainHandler.HashOf(command), cancellationToken)
            : Task.FromResult<CreateOrderChainResult?>(null);

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
