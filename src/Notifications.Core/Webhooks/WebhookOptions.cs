using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Webhooks;

/// <summary>Bound from <c>Webhooks</c>: how feed entries are pushed to subscribers (docs/webhooks.md).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Subscriptions per creator.</summary>
    public const int MaxPerCreator = 5;

    /// <summary>Time for one POST, from connect to the status line.</summary>
    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Subscriptions delivered to at the same time by one host: a slow subscriber holds only its own slot.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 8;

    /// <summary>Subscriptions claimed per run.</summary>
    [Range(1, 1000)]
    public int ClaimBatchSize { get; set; } = 32;

    /// <summary>Entries delivered per subscription and claim, one at a time in sequence order.</summary>
    [Range(1, 500)]
    public int EntriesPerClaim { get; set; } = 100;
}
