namespace Notifications.Persistence.Entities;

/// <summary>
/// A status feed entry as stored: written (unnumbered) by the statement that made its shipment final, numbered by the
/// sequencer (<see cref="StatusFeed"/>), read by sequence number.
/// </summary>
internal sealed class StatusFeedRecord
{
    /// <summary>The shipment: one entry per shipment.</summary>
    public Guid OrderId { get; set; }

    public required string Creator { get; set; }

    /// <summary>When the shipment became final; the sequencer numbers in this order.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>The entry's JSON (without its sequence number), a snapshot taken when the shipment became final.</summary>
    public required string Entry { get; set; }

    /// <summary>Null until the sequencer has numbered it; readers see only numbered entries.</summary>
    public long? SequenceNumber { get; set; }
}
