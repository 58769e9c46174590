namespace Notifications.Core.Domain;

/// <summary>
/// One shipment that reached a final state (Completed, SendConditionNotMet, Cancelled), as it was then: written in the
/// transaction that made it final, numbered later by the feed's one sequencer (docs/status-feed.md).
/// </summary>
public sealed record FeedEntry(
    long SequenceNumber,
    Guid ShipmentId,
    string? SendersReference,
    string ShipmentType,
    string Status,
    DateTimeOffset LastUpdate,
    IReadOnlyList<FeedRecipient> Recipients);

/// <param name="Destination">The email address; empty for a recipient without one (reserved, not identified).</param>
public sealed record FeedRecipient(string Destination, string Status, DateTimeOffset LastUpdate);
