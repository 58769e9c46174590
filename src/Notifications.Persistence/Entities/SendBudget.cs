namespace Notifications.Persistence.Entities;

/// <summary>A provider's per-minute send budget, shared by all hosts (fixed one-minute windows).</summary>
internal sealed class SendBudget
{
    public required string Provider { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public int Used { get; set; }
}
