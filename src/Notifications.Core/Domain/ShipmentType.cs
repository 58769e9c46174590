namespace Notifications.Core.Domain;

/// <summary>What an order is to its creator: every order is a shipment of one of these kinds.</summary>
public enum ShipmentType
{
    /// <summary>A v1 order, or the main shipment of an order chain.</summary>
    Notification,

    /// <summary>A reminder of an order chain: its own shipment, with its own recipient, send time and condition.</summary>
    Reminder,

    /// <summary>An instant email: sent through the provider before the request was answered.</summary>
    Instant,
}
