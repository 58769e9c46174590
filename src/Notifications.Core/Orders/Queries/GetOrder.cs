namespace Notifications.Core.Orders.Queries;

/// <summary>One of the creator's orders; another creator's order is not found.</summary>
public sealed record GetOrderQuery(Guid OrderId, string Creator) : IQuery<NotificationOrder>;

public sealed class GetOrderHandler(IOrderRepository orders) : IQueryHandler<GetOrderQuery, NotificationOrder>
{
    public async ValueTask<NotificationOrder> Handle(GetOrderQuery query, CancellationToken cancellationToken) =>
        await orders.RequireAsync(query.OrderId, query.Creator, cancellationToken);
}
