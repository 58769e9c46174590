namespace Notifications.Core.Orders.Queries;

/// <summary>
/// The counts come from an aggregate read first, so an answer that starts with them can stream the list after them;
/// <see cref="Notifications"/> is read while it is enumerated (within the request's scope).
/// </summary>
public sealed record EmailNotificationsView(NotificationOrder Order, EmailNotificationSummary Summary, IAsyncEnumerable<EmailNotification> Notifications);

/// <summary>Every email notification the creator's order has generated, with its send status.</summary>
public sealed record GetEmailNotificationsQuery(Guid OrderId, string Creator) : IQuery<EmailNotificationsView>;

public sealed class GetEmailNotificationsHandler(IOrderRepository orders) : IQueryHandler<GetEmailNotificationsQuery, EmailNotificationsView>
{
    public async ValueTask<EmailNotificationsView> Handle(GetEmailNotificationsQuery query, CancellationToken cancellationToken)
    {
        var order = await orders.RequireAsync(query.OrderId, query.Creator, cancellationToken);
        var summary = await orders.GetEmailSummaryAsync(order.Id, cancellationToken) ?? new EmailNotificationSummary(0, 0);
        return new EmailNotificationsView(order, summary, orders.StreamEmailNotificationsAsync(order.Id));
    }
}
