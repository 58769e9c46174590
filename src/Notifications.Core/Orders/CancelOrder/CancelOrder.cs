namespace Notifications.Core.Orders.CancelOrder;

public sealed record CancelOrderCommand(Guid OrderId, string Creator) : ICommand<NotificationOrder>;

/// <summary>
/// Cancels a Registered order that is not due within <see cref="NotificationOrder.CancellationMargin"/>. The check
/// and the status change are one statement, so a processing host that claims the order at the same moment wins or
/// loses cleanly.
/// </summary>
public sealed class CancelOrderHandler(IOrderRepository orders, TimeProvider clock) : ICommandHandler<CancelOrderCommand, NotificationOrder>
{
    public async ValueTask<NotificationOrder> Handle(CancelOrderCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cancelled = await orders.TryCancelAsync(command.OrderId, command.Creator, now + NotificationOrder.CancellationMargin, now, cancellationToken);
        var order = await orders.RequireAsync(command.OrderId, command.Creator, cancellationToken);
        if (!cancelled && order.ProcessingStatus != OrderProcessingStatus.Cancelled)
        {
            throw new ConflictException(order.ProcessingStatus == OrderProcessingStatus.Registered
                ? "The order is due within five minutes and can no longer be cancelled."
                : "Processing of the order has started, so it can no longer be cancelled.");
        }

        return order;
    }
}
