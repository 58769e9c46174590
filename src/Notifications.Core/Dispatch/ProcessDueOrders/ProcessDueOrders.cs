namespace Notifications.Core.Dispatch.ProcessDueOrders;

/// <summary>Claims due orders and fans each out into email notifications, until none is due.</summary>
public sealed record ProcessDueOrdersCommand : ICommand<int>;

/// <summary>
/// Processes due orders concurrently, at most <see cref="DispatchOptions.OrderConcurrency"/> at a time: whenever a slot is
/// free it claims more, so an order whose condition endpoint or lookup is slow holds only its own slot. One
/// <see cref="ClaimHeartbeat"/> renews the leases of every order in progress. On shutdown (the token) nothing more is
/// claimed, and orders in progress are cancelled and handed back at once.
/// </summary>
public sealed class ProcessDueOrdersHandler(
    IOrderQueue orderQueue,
    OrderProcessor processor,
    IWorkSignal signal,
    IOptions<DispatchOptions> options,
    TimeProvider clock,
    ILogger<ProcessDueOrdersHandler> logger) : ICommandHandler<ProcessDueOrdersCommand, int>
{
    /// <summary>While orders are in progress, how often to look for newly due ones to fill free slots.</summary>
    private static readonly TimeSpan LookAgainWhileBusy = TimeSpan.FromMilliseconds(250);

    public async ValueTask<int> Handle(ProcessDueOrdersCommand command, CancellationToken cancellationToken)
    {
        var inProgress = new Dictionary<Task, OrderClaim>();
        var processed = 0;
        await using var heartbeat = new ClaimHeartbeat(options.Value.Lease, clock.GetTimestamp(), ct =>
        {
            var tokens = Snapshot(inProgress).Select(c => c.ClaimToken).ToHashSet();
            return tokens.Count == 0 ? Task.CompletedTask : orderQueue.RenewOrderClaimsAsync(tokens, options.Value.Lease, ct);
        }, clock, logger);

        while (true)
        {
            var wanted = Math.Min(options.Value.OrderConcurrency - inProgress.Count, options.Value.OrderBatchSize);
            var claimed = 0;
            if (wanted > 0 && !cancellationToken.IsCancellationRequested)
            {
                var claims = await ClaimAsync(wanted, cancellationToken);
                claimed = claims.Count;
                foreach (var claim in claims)
                {
                    lock (inProgress)
                    {
                        inProgress.Add(ProcessAsync(claim, cancellationToken), claim);
                    }
                }
            }

            if (inProgress.Count == 0 && claimed == 0)
            {
                break;
            }

            if (claimed == wanted && inProgress.Count < options.Value.OrderConcurrency)
            {
                // A full claim: more may be due, and there are free slots for them.
                continue;
            }

            // Wait for a slot, looking again now and then for orders that became due meanwhile.
            List<Task> running;
            lock (inProgress)
            {
                running = [.. inProgress.Keys];
            }

            await Task.WhenAny([.. running, Task.Delay(LookAgainWhileBusy, clock, CancellationToken.None)]);
            lock (inProgress)
            {
                foreach (var done in inProgress.Keys.Where(t => t.IsCompleted).ToList())
                {
                    inProgress.Remove(done);
                    processed++;
                }
            }
        }

        if (!cancellationToken.IsCancellationRequested && await orderQueue.GetNextOrderDueAsync(CancellationToken.None) is { } nextDue)
        {
            signal.WakeOrdersAt(nextDue);
        }

        return processed;
    }

    private static List<OrderClaim> Snapshot(Dictionary<Task, OrderClaim> inProgress)
    {
        lock (inProgress)
        {
            return [.. inProgress.Values];
        }
    }

    private async Task<IReadOnlyList<OrderClaim>> ClaimAsync(int count, CancellationToken cancellationToken)
    {
        try
        {
            return await orderQueue.ClaimDueOrdersAsync(count, options.Value.Lease, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }

    private async Task ProcessAsync(OrderClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            if (await processor.ProcessAsync(claim, cancellationToken) == OrderProcessingStatus.Processed)
            {
                signal.EmailsQueued();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the order back at once rather than leaving it to the lease.
            try
            {
                await orderQueue.ReleaseOrderAsync(claim, TimeSpan.Zero, claim.ConditionAttempts, claim.LookupAttempts, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not hand order {OrderId} back; it is retried when its lease runs out", claim.Order.Id);
            }
        }
        catch (Exception e)
        {
            // The claim's lease runs out and the order is retried; one bad order must not stop the others.
            logger.LogError(e, "Processing order {OrderId} failed", claim.Order.Id);
        }
    }
}
