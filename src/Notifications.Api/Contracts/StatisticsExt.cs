using System.Text.Json.Serialization;
using Notifications.Core.Statistics;

namespace Notifications.Api.Contracts;

/// <summary>
/// The caller's figures per day or hour of requested send time (UTC), their totals, and the backlog and scheduled orders now.
/// </summary>
/// <param name="Creator">The organisation whose figures these are: the token's creator (a bearer token's <c>urn:altinn:org</c>,
/// a platform access token's <c>iss</c>).</param>
/// <param name="From">The first day covered (UTC).</param>
/// <param name="To">The last day covered, inclusive (UTC).</param>
/// <param name="GroupBy"><c>day</c> or <c>hour</c>.</param>
/// <param name="Buckets">Every bucket of the window, oldest first, empty ones included.</param>
/// <param name="Totals">The whole window: the buckets added up (percentiles from their merged histograms).</param>
/// <param name="Backlog">The caller's emails waiting (New) and with the provider (Sending) now, whatever their send time.</param>
/// <param name="Scheduled">The caller's orders not processed yet now, whatever their send time.</param>
public sealed record StatisticsExt(
    string Creator,
    DateOnly From,
    DateOnly To,
    string GroupBy,
    IReadOnlyList<StatisticsBucketExt> Buckets,
    StatisticsFiguresExt Totals,
    StatisticsBacklogExt Backlog,
    StatisticsScheduledExt Scheduled);

/// <summary>The figures of the emails and orders whose requested send time is in one bucket.</summary>
/// <param name="Start">The bucket's first instant (UTC); it lasts a day or an hour.</param>
/// <param name="Orders">Orders (shipments) registered for this bucket.</param>
/// <param name="Emails">Emails by their status now (only statuses with emails).</param>
/// <param name="DeliveryRate">Delivered over final emails (docs/statistics.md); null when none is final.</param>
/// <param name="P50SendDelayMs">Median time from the requested send time to the provider accepting the email; null when none was accepted.</param>
/// <param name="P95SendDelayMs">95th percentile of the same; null when none was accepted.</param>
public sealed record StatisticsBucketExt(
    DateTime Start,
    long Orders,
    IReadOnlyDictionary<string, long> Emails,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? DeliveryRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? P50SendDelayMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? P95SendDelayMs);

/// <summary>The same figures for the whole window.</summary>
/// <param name="Emails">Emails by their status now; every status is listed, 0 included.</param>
public sealed record StatisticsFiguresExt(
    long Orders,
    IReadOnlyDictionary<string, long> Emails,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? DeliveryRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? P50SendDelayMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? P95SendDelayMs);

/// <summary>Emails not yet sent, now. The property names are the email statuses.</summary>
public sealed record StatisticsBacklogExt([property: JsonPropertyName("New")] long New, [property: JsonPropertyName("Sending")] long Sending);

/// <summary>Orders (shipments) still <c>Registered</c> now: their emails are not made yet.</summary>
/// <param name="Orders">Orders whose send time has not come, or that are due and not picked up yet (or wait to retry a
/// send condition check or a contact lookup). Cancelled ones are not counted.</param>
/// <param name="NextSendTime">When the earliest of them is due (UTC): its requested send time, or its retry's; in the past
/// while a due order waits to be picked up; null when there is none.</param>
public sealed record StatisticsScheduledExt(
    long Orders,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? NextSendTime);

public static class StatisticsMappings
{
    public static StatisticsExt ToExt(this StatisticsReport report) =>
        new(
            report.Creator,
            report.Window.From,
            report.Window.To,
            report.Window.Grouping == StatisticsGrouping.Day ? "day" : "hour",
            report.Buckets.Select(b => b.ToExt(report.ProviderReportsDelivery)).ToList(),
            new StatisticsFiguresExt(
                report.Totals.Orders,
                Emails(report.Totals, includeZeros: true),
                report.Totals.DeliveryRate(report.ProviderReportsDelivery),
                report.Totals.SendDelayMs(0.5),
                report.Totals.SendDelayMs(0.95)),
            new StatisticsBacklogExt(report.Backlog.New, report.Backlog.Sending),
            new StatisticsScheduledExt(report.Scheduled.Orders, report.Scheduled.NextDueAt?.UtcDateTime));

    private static StatisticsBucketExt ToExt(this StatisticsBucket bucket, bool providerReportsDelivery) =>
        new(
            bucket.Start.UtcDateTime,
            bucket.Figures.Orders,
            Emails(bucket.Figures, includeZeros: false),
            bucket.Figures.DeliveryRate(providerReportsDelivery),
            bucket.Figures.SendDelayMs(0.5),
            bucket.Figures.SendDelayMs(0.95));

    /// <summary>Totals list every status so a client can always read one; buckets only theirs, which keeps 2,000 of them small.</summary>
    private static Dictionary<string, long> Emails(StatisticsFigures figures, bool includeZeros) =>
        Enum.GetValues<EmailNotificationStatus>()
            .Where(s => includeZeros || figures.Emails[(int)s] != 0)
            .ToDictionary(s => s.ToString(), s => figures.Emails[(int)s]);
}
