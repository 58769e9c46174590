using Notifications.Core.Orders.CreateOrderChain;

namespace Notifications.Core.Orders.SendInstantEmail;

/// <summary>
/// The instant email's replay: the creator's <c>idempotencyId</c>, as for chains (see
/// <see cref="ReplayFirst{TCommand,TResult}"/>). Nothing is sent again.
/// </summary>
public sealed class InstantReplayFirstBehavior(IOrderChainStore chains) : ReplayFirst<SendInstantEmailCommand, SendInstantEmailResult>
{
    protected override Task<SendInstantEmailResult?> FindReplayAsync(SendInstantEmailCommand command, CancellationToken cancellationToken) =>
        CreateOrderChainValidator.IsWellFormedIdempotencyId(command.IdempotencyId)
            ? FindReplayAsync(chains, command.Creator, command.IdempotencyId!, SendInstantEmailHandler.HashOf(command), cancellationToken)
            : Task.FromResult<SendInstantEmailResult?>(null);

    /// <summary>The receipt of this creator's chain with the idempotency id, or null when the id is new.</summary>
    /// <exception cref="ConflictException">The id was used for a request with another body.</exception>
    internal static async Task<SendInstantEmailResult?> FindReplayAsync(
        IOrderChainStore chains, string creator, string idempotencyId, string requestHash, CancellationToken cancellationToken) =>
        await ChainReplayFirstBehavior.FindReplayAsync(chains, creator, idempotencyId, requestHash, cancellationToken) is { } chain
            ? new SendInstantEmailResult(chain.ChainId, chain.Notification, Replayed: true)
            : null;
}
