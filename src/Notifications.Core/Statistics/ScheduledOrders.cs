namespace Notifications.Core.Statistics;

/// <summary>
/// A creator's orders (shipments) still <see cref="OrderProcessingStatus.Registered"/> now, whatever their send time:
/// not due yet, due and not picked up yet, or waiting to retry a condition check or lookup.
/// </summary>
/// <param name="Orders">How many.</param>
/// <param name="NextDueAt">When the earliest of them is due (its send time, or its retry's); null when there is none.</param>
public sealed record ScheduledOrders(long Orders, DateTimeOffset? NextDueAt);
