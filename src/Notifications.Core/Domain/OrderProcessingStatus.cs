namespace Notifications.Core.Domain;

public enum OrderProcessingStatus
{
    Registered,
    Processing,

    /// <summary>Internal: notifications generated, not all final. Reported to clients as <see cref="Processing"/>.</summary>
    Processed,
    Completed,
    SendConditionNotMet,
    Cancelled,
}

public static class OrderProcessingStatusExtensions
{
    /// <summary>The status as clients see it: the internal <see cref="OrderProcessingStatus.Processed"/> reads as Processing.</summary>
    public static OrderProcessingStatus Public(this OrderProcessingStatus status) =>
        status == OrderProcessingStatus.Processed ? OrderProcessingStatus.Processing : status;

    public static string Description(this OrderProcessingStatus status) => status.Public() switch
    {
        OrderProcessingStatus.Registered => "The order has been registered and is waiting for its requested send time.",
        OrderProcessingStatus.Processing => "The order is being processed and its notifications are being generated and sent.",
        OrderProcessingStatus.Completed => "The order has been completed: every notification has reached a final status.",
        OrderProcessingStatus.SendConditionNotMet => "The order's send condition was not met, so no notifications were sent.",
        OrderProcessingStatus.Cancelled => "The order was cancelled by its creator before processing started.",
        _ => "The order has an unknown status.",
    };
}
