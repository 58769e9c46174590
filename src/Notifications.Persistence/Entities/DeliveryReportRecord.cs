namespace Notifications.Persistence.Entities;

/// <summary>A delivery report as received: kept for idempotency, and until its email is known.</summary>
internal sealed class DeliveryReportRecord
{
    public required string EventId { get; set; }

    public required string MessageId { get; set; }

    public required string Status { get; set; }

    /// <summary>The notification status the report means; null when it changes nothing (Expanded).</summary>
    public string? MappedStatus { get; set; }

    public DateTimeOffset DeliveryAttemptAt { get; set; }

    public string? StatusMessage { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
