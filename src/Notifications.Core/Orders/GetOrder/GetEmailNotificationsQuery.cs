using Mediator;
using Notifications.Core.Domain;
using Notifications.Core.Ports;

namespace Notifications.Core.Orders.GetOrder;

public sealed record EmailNotificationsView(NotificationOrder Order, IReadOnlyList<EmailNotification> Notifications);

/// <summary>Every email notification the creator's order has generated, with its send status.</summary>
public sealed record GetEmailNotificationsQuery(Guid OrderId, string Creator) : IQuery<EmailNotificationsView>;

public sealed class GetEmailNotificationsHandler(IOrderRepository orders) : IQueryHandler<GetEmailNotificationsQuery, EmailNotificationsView>
{
    public async ValueTask<EmailNotificationsView> Handle(GetEmailNotificationsQuery query, CancellationToken cancellationToken)
    {
        var order = await orders.RequireAsync(query.OrderId, query.Creator, cancellationToken);
        return new EmailNotificationsView(order, await orders.GetEmailNotificationsAsync(order.Id, cancellationToken));
    }
}
