namespace Notifications.Core.Orders.Queries;

public sealed record OrderStatusView(NotificationOrder Order, EmailNotificationSummary? EmailSummary);

/// <summary>The order's processing status and, once it has notifications, their counts.</summary>
public sealed record GetOrderStatusQuery(Guid OrderId, string Creator) : IQuery<OrderStatusView>;

public sealed class GetOrderStatusHandler(IOrderRepository orders) : IQueryHandler<GetOrderStatusQuery, OrderStatusView>
{
    public async ValueTask<OrderStatusView> Handle(GetOrderStatusQuery query, CancellationToken cancellationToken)
    {
        var order = await orders.RequireAsync(query.OrderId, query.Creator, cancellationToken);
        return new OrderStatusView(order, await orders.GetEmailSummaryAsync(order.Id, cancellationToken));
    }
}
