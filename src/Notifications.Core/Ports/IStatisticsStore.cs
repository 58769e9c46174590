using Notifications.Core.Statistics;

namespace Notifications.Core.Ports;

/// <summary>What one stored count counts.</summary>
public enum StatisticsMetric
{
    /// <summary>Orders (shipments) registered.</summary>
    Orders,

    /// <summary>Emails in one status now; the key is the <see cref="EmailNotificationStatus"/>.</summary>
    Emails,

    /// <summary>Emails accepted by the provider with a send delay in one bucket; the key is the bucket (<c>DelayHistogram</c>).</summary>
    SendDelay,
}

/// <summary>One count of one creator's emails or orders whose requested send time falls in the bucket starting at <see cref="Start"/>.</summary>
public sealed record StatisticsCount(DateTimeOffset Start, StatisticsMetric Metric, int Key, long Count);

/// <summary>
/// The statistics aggregates (docs/statistics.md): counts kept per creator and hour of requested send time by the
/// database as rows change, so reading a window never scans emails.
/// </summary>
public interface IStatisticsStore
{
    /// <summary>
    /// The creator's counts with requested send times in [<paramref name="start"/>, <paramref name="until"/>), per UTC day
    /// or hour. One bucket and metric may come in several parts (folded and not yet folded): add them up. Exact.
    /// </summary>
    Task<IReadOnlyList<StatisticsCount>> ReadAsync(
        string creator, DateTimeOffset start, DateTimeOffset until, StatisticsGrouping grouping, CancellationToken cancellationToken);

    /// <summary>The creator's emails New and Sending now, whatever their send time.</summary>
    Task<EmailBacklog> ReadBacklogAsync(string creator, CancellationToken cancellationToken);

    /// <summary>The creator's orders still Registered now, whatever their send time, and when the earliest is due.</summary>
    Task<ScheduledOrders> ReadScheduledAsync(string creator, CancellationToken cancellationToken);

    /// <summary>Folds up to <paramref name="limit"/> changes recorded since the last fold into the aggregates; the number of changes folded (0 when another host is folding).</summary>
    Task<int> FoldAsync(int limit, CancellationToken cancellationToken);
}
