namespace Notifications.Api.Contracts;

/// <summary>The registered chain: its id (<c>notificationOrderId</c>) and each shipment's id.</summary>
public sealed record NotificationOrderChainResponseExt(Guid NotificationOrderId, NotificationOrderChainReceiptExt Notification);

/// <summary>The main shipment, and the reminders in the order they were given (omitted when none).</summary>
public sealed record NotificationOrderChainReceiptExt(Guid ShipmentId, string? SendersReference, IReadOnlyList<NotificationOrderChainShipmentExt>? Reminders);

public sealed record NotificationOrderChainShipmentExt(Guid ShipmentId, string? SendersReference);

/// <summary>An order chain with the status of each of its shipments.</summary>
public sealed record OrderChainExt(
    Guid NotificationOrderId,
    string IdempotencyId,
    string? SendersReference,
    DialogportenIdentifiersExt? DialogportenAssociation,
    DateTime Created,
    IReadOnlyList<OrderChainShipmentExt> Shipments);

/// <param name="Status">
/// <c>Order_</c> + Registered, Processing, Processed (emails generated, some not final), Completed, SendConditionNotMet
/// or Cancelled.
/// </param>
public sealed record OrderChainShipmentExt(Guid ShipmentId, ShipmentTypeExt Type, string? SendersReference, DateTime RequestedSendTime, string Status);

public enum ShipmentTypeExt
{
    Notification,
    Reminder,
    Instant,
}
