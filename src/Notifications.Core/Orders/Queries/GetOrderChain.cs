namespace Notifications.Core.Orders.Queries;

/// <summary>One of the creator's order chains with its shipments; another creator's chain is not found.</summary>
public sealed record GetOrderChainQuery(Guid ChainId, string Creator) : IQuery<OrderChainView>;

public sealed class GetOrderChainHandler(IOrderChainStore chains) : IQueryHandler<GetOrderChainQuery, OrderChainView>
{
    public async ValueTask<OrderChainView> Handle(GetOrderChainQuery query, CancellationToken cancellationToken) =>
        await chains.RequireAsync(query.ChainId, query.Creator, cancellationToken);
}
