namespace Notifications.Persistence.Entities;

/// <summary>A provider's 429 pause, shared by all hosts.</summary>
internal sealed class ProviderThrottle
{
    public required string Provider { get; set; }

    public DateTimeOffset PausedUntil { get; set; }
}
