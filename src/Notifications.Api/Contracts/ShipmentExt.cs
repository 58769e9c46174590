namespace Notifications.Api.Contracts;

/// <summary>An order as a shipment, with each email's destination and status.</summary>
/// <param name="Type">Notification (v1 orders and chain main shipments), Reminder or Instant.</param>
/// <param name="Status"><c>Order_</c> + Registered, Processing, Processed, Completed, SendConditionNotMet or Cancelled.</param>
public sealed record ShipmentExt(
    Guid ShipmentId, string? SendersReference, string Type, string Status, DateTime LastUpdate, IAsyncEnumerable<ShipmentRecipientExt> Recipients);

/// <param name="Destination">The email address; empty for a recipient without one (reserved, not identified).</param>
/// <param name="Status"><c>Email_</c> + the email status (<c>Email_Failed_InvalidFormat</c>, <c>Email_Failed_SuppressedRecipient</c>).</param>
public sealed record ShipmentRecipientExt(string Type, string Destination, string Status, DateTime LastUpdate);

/// <summary>A shipment that reached a final state, as it was then.</summary>
public sealed record FeedEntryExt(
    Guid ShipmentId, string? SendersReference, string ShipmentType, string Status, DateTime LastUpdate, long SequenceNumber, IReadOnlyList<FeedRecipientExt> Recipients);

public sealed record FeedRecipientExt(string Destination, string Status, DateTime LastUpdate);

public static class ShipmentMappings
{
    public static ShipmentExt ToExt(this Core.Shipments.ShipmentView view) =>
        new(
            view.Order.Id,
            view.Order.SendersReference,
            view.Order.Type.ToString(),
            ShipmentStatusNames.Of(view.Order.ProcessingStatus),
            view.Order.ProcessingStatusChanged.UtcDateTime,
            view.Emails.Select(e => new ShipmentRecipientExt("Email", e.EmailAddress ?? "", ShipmentStatusNames.Of(e.Status), e.StatusChanged.UtcDateTime)));

    public static FeedEntryExt ToExt(this FeedEntry entry) =>
        new(
            entry.ShipmentId,
            entry.SendersReference,
            entry.ShipmentType,
            entry.Status,
            entry.LastUpdate.UtcDateTime,
            entry.SequenceNumber,
            entry.Recipients.Select(r => new FeedRecipientExt(r.Destination, r.Status, r.LastUpdate.UtcDateTime)).ToList());
}
