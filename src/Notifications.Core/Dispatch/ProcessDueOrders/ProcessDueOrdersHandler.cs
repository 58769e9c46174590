using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Domain;
using Notifications.Core.Ports;

namespace Notifications.Core.Dispatch.ProcessDueOrders;

public sealed class ProcessDueOrdersHandler(
    IDispatchStore store,
    OrderProcessor processor,
    IWorkSignal signal,
    IOptions<DispatchOptions> options,
    TimeProvider clock,
    ILogger<ProcessDueOrdersHandler> logger) : ICommandHandler<ProcessDueOrdersCommand, int>
{
    public async ValueTask<int> Handle(ProcessDueOrdersCommand command, CancellationToken cancellationToken)
    {
        var processed = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var claims = await store.ClaimDueOrdersAsync(options.Value.OrderBatchSize, options.Value.Lease, clock.GetUtcNow(), cancellationToken);
                if (claims.Count == 0)
                {
                    break;
                }

                foreach (var claim in claims)
                {
                    try
                    {
                        if (await processor.ProcessAsync(claim, cancellationToken) == OrderProcessingStatus.Processed)
                        {
                            signal.EmailsQueued();
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The claim's lease runs out and the order is retried; one bad order must not stop the others.
                        logger.LogError(e, "Processing order {OrderId} failed", claim.Order.Id);
                    }
                }

                processed += claims.Count;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: claimed orders keep their lease and are recovered by whichever host runs next.
            return processed;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return processed;
        }

        if (await store.GetNextOrderDueAsync(cancellationToken) is { } nextDue)
        {
            signal.WakeOrdersAt(nextDue);
        }

        return processed;
    }
}
