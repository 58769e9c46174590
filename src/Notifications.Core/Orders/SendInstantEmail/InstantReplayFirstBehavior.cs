using Notifications.Core.Orders.CreateOrderChain;

namespace Notifications.Core.Orders.SendInstantEmail;

/// <summary>
/// Answers a retried instant email from its stored chain before validation runs, as <see cref="ChainReplayFirstBehavior"/>
/// does for chains: same body → the original receipt (200), another body → 409. Nothing is sent again.
/// Registered ahead of <see cref="ValidationBehavior{TMessage,TResponse}"/>.
/// </summary>
public sealed class InstantReplayFirstBehavior(IOrderChainStore chains) : IPipelineBehavior<SendInstantEmailCommand, SendInstantEmailResult>
{
    public async ValueTask<SendInstantEmailResult> Handle(
        SendInstantEmailCommand command,
        MessageHandlerDelegate<SendInstantEmailCommand, SendInstantEmailResult> next,
        CancellationToken cancellationToken)
    {
        if (CreateOrderChainValidator.IsWellFormedIdempotencyId(command.IdempotencyId)
            && await FindReplayAsync(chains, command.Creator, command.IdempotencyId!, SendInstantEmailHandler.HashOf(command), cancellationToken) is { } replay)
        {
            return replay;
        }

        return await next(command, cancellationToken);
    }

    /// <summary>The receipt of this creator's chain with the idempotency id, or null when the id is new.</summary>
    /// <exception cref="ConflictException">The id was used for a request with another body.</exception>
    internal static async Task<SendInstantEmailResult?> FindReplayAsync(
        IOrderChainStore chains, string creator, string idempotencyId, string requestHash, CancellationToken cancellationToken) =>
        await ChainReplayFirstBehavior.FindReplayAsync(chains, creator, idempotencyId, requestHash, cancellationToken) is { } chain
            ? new SendInstantEmailResult(chain.ChainId, chain.Notification, Replayed: true)
            : null;
}
