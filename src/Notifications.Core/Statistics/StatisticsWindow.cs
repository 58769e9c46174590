using System.Globalization;

namespace Notifications.Core.Statistics;

/// <summary>How a statistics answer is bucketed: by UTC day or UTC hour of the requested send time.</summary>
public enum StatisticsGrouping
{
    Day,
    Hour,
}

/// <summary>
/// The days a statistics answer covers, <see cref="From"/> to <see cref="To"/> inclusive, in UTC, and their buckets.
/// The rules of <c>from</c>, <c>to</c> and <c>groupBy</c> live here; the validator and the handler both use them.
/// </summary>
public sealed record StatisticsWindow(DateOnly From, DateOnly To, StatisticsGrouping Grouping)
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>A window without <c>from</c> and <c>to</c> is this many days, ending today (UTC).</summary>
    public const int DefaultDays = 7;

    public const int MaxDays = 92;

    public const int MaxBuckets = 2_000;

    /// <summary>Dates beyond these are refused, so every bucket start is a valid <see cref="DateTimeOffset"/>.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(9999, 12, 1);

    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Exclusive: midnight after <see cref="To"/>.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public TimeSpan BucketSize => Grouping == StatisticsGrouping.Day ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);

    public int BucketCount => Buckets(From, To, Grouping);

    /// <summary>Every bucket's start, empty buckets included, oldest first.</summary>
    public IEnumerable<DateTimeOffset> BucketStarts => Enumerable.Range(0, BucketCount).Select(i => Start + (BucketSize * i));

    /// <summary>How many buckets <paramref name="from"/> to <paramref name="to"/> (inclusive days) make.</summary>
    public static int Buckets(DateOnly from, DateOnly to, StatisticsGrouping grouping) =>
        (to.DayNumber - from.DayNumber + 1) * (grouping == StatisticsGrouping.Day ? 1 : 24);

    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date >= Earliest && date <= Latest;

    /// <summary>"day" or "hour" in any case; null (absent) means day.</summary>
    public static bool TryParseGrouping(string? value, out StatisticsGrouping grouping)
    {
        grouping = StatisticsGrouping.Day;
        return value is null || (Enum.TryParse(value, ignoreCase: true, out grouping) && !int.TryParse(value, out _));
    }

    /// <summary>
    /// The window of already validated query values. Both dates absent: the <see cref="DefaultDays"/> days ending today;
    /// one absent: the <see cref="DefaultDays"/> days that start or end at the other.
    /// </summary>
    public static StatisticsWindow Resolve(string? from, string? to, string? groupBy, DateOnly today)
    {
        var grouping = TryParseGrouping(groupBy, out var parsed) ? parsed : StatisticsGrouping.Day;
        var hasFrom = TryParseDate(from, out var start);
        var hasTo = TryParseDate(to, out var end);
        return (hasFrom, hasTo) switch
        {
            (true, true) => new(start, end, grouping),
            (true, false) => new(start, Min(start.AddDays(DefaultDays - 1), Latest), grouping),
            (false, true) => new(Max(end.AddDays(1 - DefaultDays), Earliest), end, grouping),
            _ => new(today.AddDays(1 - DefaultDays), today, grouping),
        };
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
