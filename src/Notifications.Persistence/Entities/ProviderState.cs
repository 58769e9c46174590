namespace Notifications.Persistence.Entities;

/// <summary>A provider's 429 pause, shared by all hosts.</summary>
internal sealed class ProviderThrottle
{
    public required string Provider { get; set; }

    public DateTimeOffset PausedUntil { get; set; }
}

/// <summary>A provider's per-minute send budget, shared by all hosts (fixed one-minute windows).</summary>
internal sealed class SendBudget
{
    public required string Provider { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public int Used { get; set; }
}

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
