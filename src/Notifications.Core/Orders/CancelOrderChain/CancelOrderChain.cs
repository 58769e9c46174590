namespace Notifications.Core.Orders.CancelOrderChain;

public sealed record CancelOrderChainCommand(Guid ChainId, string Creator) : ICommand<OrderChainView>;

/// <summary>
/// Cancels every shipment of the chain that is still Registered and not due within
/// <see cref="NotificationOrder.CancellationMargin"/> (v1's rule, per shipment), in one statement; a conflict when none
/// could be cancelled. Shipments already sent or due soon go on as they are.
/// </summary>
public sealed class CancelOrderChainHandler(IOrderChainStore chains, TimeProvider clock, ILogger<CancelOrderChainHandler> logger)
    : ICommandHandler<CancelOrderChainCommand, OrderChainView>
{
    public async ValueTask<OrderChainView> Handle(CancelOrderChainCommand command, CancellationToken cancellationToken)
    {
        await chains.RequireAsync(command.ChainId, command.Creator, cancellationToken);
        var now = clock.GetUtcNow();
        var cancelled = await chains.CancelAsync(command.ChainId, command.Creator, now + NotificationOrder.CancellationMargin, now, cancellationToken);
        if (cancelled == 0)
        {
            throw new ConflictException("No shipment of the order could be cancelled: each has started processing, is final, or is due within five minutes.");
        }

        logger.LogInformation("Cancelled {Count} shipments of order chain {ChainId}", cancelled, command.ChainId);
        return await chains.RequireAsync(command.ChainId, command.Creator, cancellationToken);
    }
}
