using FluentValidation.TestHelper;
using Notifications.Core.Statistics;

namespace Notifications.Core.Tests.Statistics;

/// <summary>The window's defaults and bucket arithmetic, and the 400s the validator gives (keyed by the query parameter).</summary>
public sealed class StatisticsWindowTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);
    private readonly GetStatisticsValidator _validator = new();

    private static DateOnly Day(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    [TestCase(null, null, "2026-11-24", "2026-11-30")]
    [TestCase("2026-11-01", null, "2026-11-01", "2026-11-07")]
    [TestCase(null, "2026-11-10", "2026-11-04", "2026-11-10")]
    [TestCase("2026-11-01", "2026-11-30", "2026-11-01", "2026-11-30")]
    public void Resolve_FillsAMissingDate_SoTheWindowIsSevenDays(string? from, string? to, string expectedFrom, string expectedTo)
    {
        var window = StatisticsWindow.Resolve(from, to, null, Today);

        Assert.That((window.From, window.To, window.Grouping), Is.EqualTo((Day(expectedFrom), Day(expectedTo), StatisticsGrouping.Day)));
    }

    [Test]
    public void ADayWindow_HasOneBucketPerDay_FromMidnightUtc_ToTheMidnightAfterTo()
    {
        var window = StatisticsWindow.Resolve("2026-11-01", "2026-11-30", "day", Today);

        Assert.That(window.BucketCount, Is.EqualTo(30));
        Assert.That(window.Start, Is.EqualTo(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(window.End, Is.EqualTo(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(window.BucketStarts.Last(), Is.EqualTo(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void AnHourWindow_OfTwoDays_Has48Buckets()
    {
        var window = StatisticsWindow.Resolve("2026-11-01", "2026-11-02", "HOUR", Today);

        Assert.That((window.Grouping, window.BucketCount), Is.EqualTo((StatisticsGrouping.Hour, 48)));
        Assert.That(window.BucketStarts.ElementAt(25), Is.EqualTo(new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("2026-08-01", "2026-10-31", "day")] // 92 days
    [TestCase("2026-08-01", "2026-10-22", "hour")] // 83 days, 1,992 buckets
    [TestCase("2026-11-05", "2026-11-05", "hour")]
    [TestCase(null, null, null)]
    [TestCase("2026-11-01", null, "Day")]
    public void Validator_AcceptsWindowsWithinTheLimits(string? from, string? to, string? groupBy) =>
        _validator.TestValidate(new GetStatisticsQuery("ttd", from, to, groupBy)).ShouldNotHaveAnyValidationErrors();

    [TestCase("2026-08-01", "2026-11-01", "day", "to", "at most 92 days")] // 93 days
    [TestCase("2026-08-01", "2026-10-23", "hour", "to", "at most 2,000 buckets")] // 84 days, 2,016 buckets
    [TestCase("2026-11-02", "2026-11-01", "day", "from", "from must not be after to.")]
    [TestCase("2026-11-01", "2026-11-30", "week", "groupBy", "groupBy must be day or hour.")]
    [TestCase("2026-11-01", "2026-11-30", "1", "groupBy", "groupBy must be day or hour.")]
    [TestCase("2026-13-01", null, null, "from", "from must be a date (yyyy-MM-dd)")]
    [TestCase("1999-12-31", null, null, "from", "from must be a date (yyyy-MM-dd)")]
    [TestCase(null, "2026-11-01T00:00:00Z", null, "to", "to must be a date (yyyy-MM-dd)")]
    [TestCase("2026-11-01\u0001", null, null, "from", "The from date must not contain control characters.")]
    [TestCase(null, null, "day\n", "groupBy", "The groupBy value must not contain control characters.")]
    public void Validator_Refuses_NamingTheParameter(string? from, string? to, string? groupBy, string field, string message)
    {
        var result = _validator.TestValidate(new GetStatisticsQuery("ttd", from, to, groupBy));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { field }));
        Assert.That(result.Errors[0].ErrorMessage, Does.Contain(message));
    }
}
