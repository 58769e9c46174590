using Notifications.Core.Common;
using Notifications.Integrations.Email.Acs;

namespace Notifications.Integrations.Tests.Email.Acs;

/// <summary>How long a 429 (or a status read) asks us to wait.</summary>
public sealed class RetryAfterParserTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [TestCase("Retry-After", "7", 7)]
    [TestCase("retry-after", "7", 7)]
    [TestCase("Retry-After", " 0 ", 0)]
    [TestCase("Retry-After", "120", 120)]
    public void Parse_DeltaSeconds_GivesThoseSeconds(string name, string value, int seconds) =>
        Assert.That(RetryAfterParser.Parse(Headers((name, value)), Now), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void Parse_AnHttpDate_GivesTheTimeUntilThen() =>
        Assert.That(RetryAfterParser.Parse(Headers(("Retry-After", "Tue, 01 Jul 2025 12:00:30 GMT")), Now), Is.EqualTo(TimeSpan.FromSeconds(30)));

    [Test]
    public void Parse_AnHttpDateInThePast_GivesZero() =>
        Assert.That(RetryAfterParser.Parse(Headers(("Retry-After", "Tue, 01 Jul 2025 11:00:00 GMT")), Now), Is.EqualTo(TimeSpan.Zero));

    [Test]
    public void Parse_WithoutAnyRetryHeader_GivesTheDefaultMinute()
    {
        Assert.That(RetryAfterParser.Parse(Headers(), Now), Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(RetryAfterParser.TryParse(Headers(), Now), Is.Null);
    }

    [TestCase("soon")]
    [TestCase("-5")]
    [TestCase("1.5")]
    [TestCase("")]
    [TestCase("Tuesday")]
    public void Parse_Garbage_GivesTheDefaultMinute(string value)
    {
        Assert.That(RetryAfterParser.Parse(Headers(("Retry-After", value)), Now), Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(RetryAfterParser.TryParse(Headers(("Retry-After", value)), Now), Is.Null);
    }

    [Test]
    public void Default_IsTheDispatchersProviderThrottle() =>
        Assert.That(RetryAfterParser.Default, Is.EqualTo(Backoff.ProviderThrottle));

    [TestCase("retry-after-ms", "1500")]
    [TestCase("x-ms-retry-after-ms", "1500")]
    [TestCase("Retry-After-Ms", "1500.0")]
    public void Parse_MillisecondHeaders_GiveMilliseconds(string name, string value) =>
        Assert.That(RetryAfterParser.Parse(Headers((name, value)), Now), Is.EqualTo(TimeSpan.FromMilliseconds(1500)));

    [Test]
    public void Parse_MillisecondsAndSeconds_PrefersTheMoreExactMilliseconds() =>
        Assert.That(RetryAfterParser.Parse(Headers(("Retry-After", "2"), ("retry-after-ms", "1500")), Now), Is.EqualTo(TimeSpan.FromMilliseconds(1500)));

    [Test]
    public void Parse_GarbledMilliseconds_FallsBackToRetryAfter() =>
        Assert.That(RetryAfterParser.Parse(Headers(("Retry-After", "2"), ("retry-after-ms", "later")), Now), Is.EqualTo(TimeSpan.FromSeconds(2)));

    [TestCase("Retry-After", "86400")]
    [TestCase("Retry-After", "99999999999999999999999")]
    [TestCase("Retry-After", "Wed, 01 Jul 2026 12:00:00 GMT")]
    [TestCase("retry-after-ms", "86400000")]
    public void Parse_AWaitOfDays_IsCappedAtTheMaximum(string name, string value) =>
        Assert.That(RetryAfterParser.Parse(Headers((name, value)), Now), Is.EqualTo(RetryAfterParser.Maximum));

    private static System.Net.Http.Headers.HttpResponseHeaders Headers(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage();
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response.Headers;
    }
}
