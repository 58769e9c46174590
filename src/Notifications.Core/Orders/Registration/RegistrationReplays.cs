namespace Notifications.Core.Orders.Registration;

/// <summary>A creator's earlier registration under a key: the hash of its request and the orders it created.</summary>
/// <param name="Id">The order (v1) or the order chain (future API).</param>
/// <param name="Orders">The v1 order, or the chain's shipments; empty when they are gone (deleted by retention).</param>
public sealed record PriorRegistration(Guid Id, string RequestHash, IReadOnlyList<NotificationOrder> Orders);

/// <summary>
/// The one replay lookup of every registration endpoint: the behaviour asks it when validation refused a request, the
/// handlers before a contact lookup and after losing the unique key to a concurrent duplicate.
/// </summary>
public sealed class RegistrationReplays(IOrderRepository orders, IOrderChainStore chains)
{
    /// <summary>The first registration's receipt (marked replayed), or null when the key is new or malformed (the validator names it).</summary>
    /// <param name="requestHash">The command's <see cref="IRegistrationCommand{TReceipt}.RequestHash"/>, when the caller has it already.</param>
    /// <exception cref="ConflictException">The key was used for a request with another body.</exception>
    public async Task<TReceipt?> FindAsync<TReceipt>(IRegistrationCommand<TReceipt> command, CancellationToken cancellationToken, string? requestHash = null)
        where TReceipt : class
    {
        if (!IdempotencyKeys.IsWellFormed(command.IdempotencyKey))
        {
            return null;
        }

        var prior = await FindPriorAsync(command.Scope, command.Creator, command.IdempotencyKey!, cancellationToken);
        if (prior is null)
        {
            return null;
        }

        var name = IdempotencyKeys.NameIn(command.Scope);
        if (prior.RequestHash != (requestHash ?? command.RequestHash()))
        {
            throw new ConflictException($"The {name} has already been used for a different request.");
        }

        return prior.Orders.Count > 0
            ? command.Replay(prior)
            : throw new ConflictException($"The {name} belongs to an order that no longer exists.");
    }

    /// <summary>The receipt of the concurrent request whose INSERT took the key before ours.</summary>
    /// <exception cref="ConflictException">It has another body, or it could not be found.</exception>
    public async Task<TReceipt> OfWinnerAsync<TReceipt>(IRegistrationCommand<TReceipt> command, string requestHash, CancellationToken cancellationToken)
        where TReceipt : class =>
        await FindAsync(command, cancellationToken, requestHash)
        ?? throw new ConflictException($"The {IdempotencyKeys.NameIn(command.Scope)} is in use by a request that could not be found.");

    private async Task<PriorRegistration?> FindPriorAsync(IdempotencyScope scope, string creator, string key, CancellationToken cancellationToken)
    {
        if (scope == IdempotencyScope.OrderKey)
        {
            return await orders.FindIdempotencyRecordAsync(creator, key, cancellationToken) is { } record
                ? new PriorRegistration(
                    record.OrderId, record.RequestHash, await orders.GetAsync(record.OrderId, creator, cancellationToken) is { } order ? [order] : [])
                : null;
        }

        return await chains.FindByIdempotencyIdAsync(creator, key, cancellationToken) is { } chain
            ? new PriorRegistration(chain.Id, chain.RequestHash, (await chains.GetAsync(chain.Id, creator, cancellationToken))?.Shipments ?? [])
            : null;
    }
}
