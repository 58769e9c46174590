using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Notifications.Core.Dispatch;

/// <summary>Bound from <c>Dispatch</c>: how the background workers claim and send.</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>
    /// The section as composition sees it, for choices made while services are registered (which jobs and checks
    /// exist); everything else takes <c>IOptions&lt;DispatchOptions&gt;</c>, bound in <c>AddCore</c>.
    /// </summary>
    public static DispatchOptions ReadFrom(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<DispatchOptions>() ?? new DispatchOptions();

    /// <summary>Run the background workers in this host. A host with false only takes requests.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Orders claimed per round trip.</summary>
    [Range(1, 1000)]
    public int OrderBatchSize { get; set; } = 10;

    /// <summary>Emails claimed per round trip.</summary>
    [Range(1, 10_000)]
    public int EmailBatchSize { get; set; } = 200;

    /// <summary>Emails handed to the provider at the same time.</summary>
    [Range(1, 256)]
    public int SendConcurrency { get; set; } = 8;

    /// <summary>Orders processed at the same time: a slow condition endpoint or lookup holds only its own slot.</summary>
    [Range(1, 256)]
    public int OrderConcurrency { get; set; } = 16;

    /// <summary>Fallback poll; wake-ups (in-process, NOTIFY, next due time) normally start work sooner.</summary>
    [Range(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 5;

    /// <summary>How long a claim is held before another host may take the work over.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>How often expired claims are returned to the queue.</summary>
    [Range(1, 3600)]
    public int RecoverIntervalSeconds { get; set; } = 30;

    /// <summary>How often the 48-hour TTL and order completion are swept.</summary>
    [Range(1, 3600)]
    public int ExpireIntervalSeconds { get; set; } = 60;

    /// <summary>Provider operations (ACS) claimed at a time for a status read; a run claims again while batches come back full.</summary>
    [Range(1, 1000)]
    public int StatusPollBatchSize { get; set; } = 50;

    /// <summary>How often provider operations are polled (ACS only; delivery reports usually come first).</summary>
    [Range(1, 3600)]
    public int StatusPollIntervalSeconds { get; set; } = 10;

    /// <summary>
    /// An email claim loads at most this much template text (subject and body of each distinct order), so a batch of
    /// emails from many large orders cannot exhaust memory; an order whose template alone is larger is claimed alone.
    /// </summary>
    public const long MaxTemplateBytesPerClaim = 32L * 1024 * 1024;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}
