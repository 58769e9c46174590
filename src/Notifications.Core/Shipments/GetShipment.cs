namespace Notifications.Core.Shipments;

/// <summary><c>GET /future/shipment/{id}</c>: any of the creator's orders as a shipment, with its emails.</summary>
public sealed record GetShipmentQuery(Guid ShipmentId, string Creator) : IQuery<ShipmentView>;

/// <param name="Emails">Read from the database as they are enumerated (an order may have 100,000).</param>
public sealed record ShipmentView(NotificationOrder Order, IAsyncEnumerable<EmailNotification> Emails);

public sealed class GetShipmentHandler(IOrderRepository orders) : IQueryHandler<GetShipmentQuery, ShipmentView>
{
    public async ValueTask<ShipmentView> Handle(GetShipmentQuery query, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(query.ShipmentId, query.Creator, cancellationToken) ?? throw new ShipmentNotFoundException();
        return new ShipmentView(order, orders.StreamEmailNotificationsAsync(order.Id));
    }
}
