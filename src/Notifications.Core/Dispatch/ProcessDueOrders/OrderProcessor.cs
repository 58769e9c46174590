namespace Notifications.Core.Dispatch.ProcessDueOrders;

/// <summary>
/// One claimed order: the send condition, a fresh recipient lookup, then all its notifications in one transaction.
/// Anything that may succeed later (condition endpoint errors, registry down) puts the order back with a back-off.
/// </summary>
public sealed class OrderProcessor(
    IOrderQueue orderQueue,
    IContactRegistry contactRegistry,
    ISendConditionClient conditionClient,
    TimeProvider clock,
    ILogger<OrderProcessor> logger,
    NotificationsMetrics metrics)
{
    /// <returns>The order's new status; Registered when it was put back to be retried.</returns>
    public async Task<OrderProcessingStatus> ProcessAsync(OrderClaim claim, CancellationToken cancellationToken)
    {
        var order = claim.Order;
        if (order.ConditionEndpoint is { } endpoint)
        {
            var condition = await conditionClient.CheckAsync(endpoint, cancellationToken);
            switch (condition.Verdict)
            {
                case SendConditionVerdict.DoNotSend:
                    logger.LogInformation("Order {OrderId}: send condition not met", order.Id);
                    return await FinishAsync(claim, [], OrderProcessingStatus.SendConditionNotMet, cancellationToken);
                case SendConditionVerdict.Retryable when claim.ConditionAttempts < Backoff.SendCondition.Length:
                    var delay = Backoff.SendCondition[claim.ConditionAttempts];
                    logger.LogInformation("Order {OrderId}: send condition check failed ({Reason}); retrying in {Delay}", order.Id, condition.Reason, delay);
                    await orderQueue.ReleaseOrderAsync(claim, delay, claim.ConditionAttempts + 1, claim.LookupAttempts, cancellationToken);
                    return OrderProcessingStatus.Registered;
                case SendConditionVerdict.Retryable:
                    logger.LogWarning("Order {OrderId}: send condition still failing after {Attempts} attempts ({Reason}); sending anyway", order.Id, claim.ConditionAttempts + 1, condition.Reason);
                    break;
                case SendConditionVerdict.Refused:
                    logger.LogWarning("Order {OrderId}: send condition endpoint refused ({Reason}); sending anyway", order.Id, condition.Reason);
                    break;
            }
        }

        RecipientContacts contacts;
        try
        {
            contacts = await contactRegistry.LookUpAsync(order.Recipients, cancellationToken);
        }
        catch (ContactRegistryUnavailableException e)
        {
            var delay = Backoff.RecipientLookup(claim.LookupAttempts + 1);
            logger.LogWarning("Order {OrderId}: recipient lookup unavailable ({Reason}); retrying in {Delay}", order.Id, e.Message, delay);
            await orderQueue.ReleaseOrderAsync(claim, delay, claim.ConditionAttempts, claim.LookupAttempts + 1, cancellationToken);
            return OrderProcessingStatus.Registered;
        }

        var notifications = FanOut.CreateNotifications(order, contacts, clock.GetUtcNow());
        var status = notifications.Any(n => n.Status == EmailNotificationStatus.New) ? OrderProcessingStatus.Processed : OrderProcessingStatus.Completed;
        return await FinishAsync(claim, notifications, status, cancellationToken);
    }

    private async Task<OrderProcessingStatus> FinishAsync(
        OrderClaim claim, IReadOnlyList<EmailNotification> notifications, OrderProcessingStatus status, CancellationToken cancellationToken)
    {
        if (!await orderQueue.CompleteFanOutAsync(claim, notifications, status, clock.GetUtcNow(), cancellationToken))
        {
            logger.LogWarning("Order {OrderId}: claim lost to another host before fan-out committed; nothing written", claim.Order.Id);
            return OrderProcessingStatus.Processing;
        }

        logger.LogInformation("Order {OrderId}: {Status} with {Count} notifications", claim.Order.Id, status, notifications.Count);
        // Recipients found reserved or without an address are final from the start.
        foreach (var final in notifications.Where(n => n.Status != EmailNotificationStatus.New).GroupBy(n => n.Status))
        {
            metrics.EmailsFinal(final.Key, final.Count());
        }

        return status;
    }
}
