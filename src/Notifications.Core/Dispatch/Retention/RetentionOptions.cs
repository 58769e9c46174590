using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Dispatch.Retention;

/// <summary>Bound from <c>Retention</c>: how long orders and their notifications (personal data) are kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>How often the retention job runs; deleting a day's worth of old orders is cheap, so hourly is plenty.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    /// <summary>Orders registered (and due) more than this many days ago are deleted; 0 keeps everything forever.</summary>
    [Range(0, 36_500, ErrorMessage = "Retention:Days must be between 0 (keep forever) and 36500.")]
    public int Days { get; set; } = 365;
}
