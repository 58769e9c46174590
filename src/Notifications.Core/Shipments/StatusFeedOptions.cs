using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Shipments;

/// <summary>Bound from <c>StatusFeed</c>.</summary>
public sealed class StatusFeedOptions
{
    public const string Section = "StatusFeed";

    /// <summary>Feed entries older than this are deleted by the retention job; 0 keeps them forever.</summary>
    [Range(0, 36_500, ErrorMessage = "StatusFeed:RetentionDays must be between 0 (keep forever) and 36500.")]
    public int RetentionDays { get; set; } = 90;
}
