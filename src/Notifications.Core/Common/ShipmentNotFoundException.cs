namespace Notifications.Core.Common;

/// <summary>No such shipment for this creator (or not a shipment id at all): 404 NOT-00003.</summary>
public sealed class ShipmentNotFoundException() : Exception("Shipment not found");
