using FluentValidation;

namespace Notifications.Core.Statistics;

/// <summary><c>GET /future/statistics</c>: the caller's figures per day or hour of requested send time, as given in the query.</summary>
public sealed record GetStatisticsQuery(string Creator, string? From, string? To, string? GroupBy) : IQuery<StatisticsReport>;

/// <summary>One bucket's figures: <see cref="Start"/> is the bucket's first instant (UTC); the totals carry the window's start.</summary>
public sealed record StatisticsBucket(DateTimeOffset Start, StatisticsFigures Figures);

/// <summary>
/// The answer: whose figures they are, every bucket of the window (empty ones too), their sum, and the creator's backlog
/// and scheduled orders now.
/// </summary>
public sealed record StatisticsReport(
    string Creator,
    StatisticsWindow Window,
    IReadOnlyList<StatisticsBucket> Buckets,
    StatisticsFigures Totals,
    EmailBacklog Backlog,
    ScheduledOrders Scheduled,
    bool ProviderReportsDelivery);

public sealed class GetStatisticsValidator : AbstractValidator<GetStatisticsQuery>
{
    public GetStatisticsValidator()
    {
        RuleFor(q => q.From).Cascade(CascadeMode.Stop)
            .NoControlCharacters("from date")
            .Must(f => f is null || StatisticsWindow.TryParseDate(f, out _)).WithMessage(DateMessage("from"))
            .OverridePropertyName("from");
        RuleFor(q => q.To).Cascade(CascadeMode.Stop)
            .NoControlCharacters("to date")
            .Must(t => t is null || StatisticsWindow.TryParseDate(t, out _)).WithMessage(DateMessage("to"))
            .OverridePropertyName("to");
        RuleFor(q => q.GroupBy).Cascade(CascadeMode.Stop)
            .NoControlCharacters("groupBy value")
            .Must(g => StatisticsWindow.TryParseGrouping(g, out _)).WithMessage("groupBy must be day or hour.")
            .OverridePropertyName("groupBy");

        // The window's size is checked once the dates and grouping are valid; the error names the date beyond the limit.
        When(q => StatisticsWindow.TryParseDate(q.From, out _) && StatisticsWindow.TryParseDate(q.To, out _)
                && StatisticsWindow.TryParseGrouping(q.GroupBy, out _), () =>
        {
            RuleFor(q => StatisticsWindow.Resolve(q.From, q.To, q.GroupBy, default)).Cascade(CascadeMode.Stop)
                .Must(w => w.From <= w.To).WithMessage("from must not be after to.").OverridePropertyName("from");
            RuleFor(q => StatisticsWindow.Resolve(q.From, q.To, q.GroupBy, default)).Cascade(CascadeMode.Stop)
                .Must(w => w.From > w.To || w.To.DayNumber - w.From.DayNumber + 1 <= StatisticsWindow.MaxDays)
                .WithMessage($"The window from from to to must be at most {StatisticsWindow.MaxDays} days.")
                .Must(w => w.From > w.To || w.BucketCount <= StatisticsWindow.MaxBuckets)
                .WithMessage($"The window must have at most {StatisticsWindow.MaxBuckets:N0} buckets: with groupBy=hour, at most "
                    + $"{StatisticsWindow.MaxBuckets / 24} days.")
                .OverridePropertyName("to");
        });
    }

    private static string DateMessage(string field) =>
        $"{field} must be a date ({StatisticsWindow.DateFormat}) from {StatisticsWindow.Earliest:yyyy-MM-dd} to {StatisticsWindow.Latest:yyyy-MM-dd}.";
}

public sealed class GetStatisticsHandler(IStatisticsStore store, IEmailProvider provider, TimeProvider clock)
    : IQueryHandler<GetStatisticsQuery, StatisticsReport>
{
    public async ValueTask<StatisticsReport> Handle(GetStatisticsQuery query, CancellationToken cancellationToken)
    {
        var window = StatisticsWindow.Resolve(query.From, query.To, query.GroupBy, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var counts = await store.ReadAsync(query.Creator, window.Start, window.End, window.Grouping, cancellationToken);
        var backlog = await store.ReadBacklogAsync(query.Creator, cancellationToken);
        var scheduled = await store.ReadScheduledAsync(query.Creator, cancellationToken);

        var buckets = window.BucketStarts.Select(start => new StatisticsBucket(start, new StatisticsFigures())).ToList();
        foreach (var count in counts)
        {
            var index = (int)((count.Start - window.Start) / window.BucketSize);
            if (index >= 0 && index < buckets.Count)
            {
                buckets[index].Figures.Add(count);
            }
        }

        var totals = new StatisticsFigures();
        buckets.ForEach(b => totals.Add(b.Figures));
        return new StatisticsReport(query.Creator, window, buckets, totals, backlog, scheduled, provider.ReportsDelivery);
    }
}
