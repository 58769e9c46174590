using Notifications.Core.Common;

namespace Notifications.Core.Tests.Common;

/// <summary>Every schedule, its values written down.</summary>
public sealed class BackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    [TestCase(1, 5)]
    [TestCase(2, 10)]
    [TestCase(3, 20)]
    [TestCase(4, 40)]
    [TestCase(5, 80)]
    [TestCase(7, 320)]
    public void ForAttempt_DoublesWithEveryAttempt(int attempt, int expectedSeconds)
    {
        Assert.That(Backoff.ForAttempt(attempt, First, Max), Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [TestCase(8)]
    [TestCase(9)]
    [TestCase(20)]
    [TestCase(21)]
    [TestCase(1000)]
    [TestCase(int.MaxValue)]
    public void ForAttempt_IsCappedAtTheMaximum(int attempt)
    {
        Assert.That(Backoff.ForAttempt(attempt, First, Max), Is.EqualTo(Max));
    }

    [Test]
    public void ForAttempt_WhenDoublingOvershootsTheMaximum_ReturnsExactlyTheMaximum()
    {
        Assert.That(Backoff.ForAttempt(4, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)), Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [TestCase(1)]
    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(-100)]
    public void ForAttempt_AtOrBelowTheFirstAttempt_ReturnsTheFirstDelay(int attempt)
    {
        Assert.That(Backoff.ForAttempt(attempt, First, Max), Is.EqualTo(First));
    }

    [Test]
    public void ForAttempt_WithAHugeFirstDelay_DoesNotOverflow()
    {
        Assert.That(Backoff.ForAttempt(int.MaxValue, TimeSpan.FromDays(1000), TimeSpan.FromDays(3000)), Is.EqualTo(TimeSpan.FromDays(3000)));
    }

    [Test]
    public void ProviderThrottle_IsAMinute() => Assert.That(Backoff.ProviderThrottle, Is.EqualTo(TimeSpan.FromSeconds(60)));

    [Test]
    public void SendCondition_RetriesAfterTenSecondsThenAMinute()
    {
        Assert.That(Backoff.SendCondition, Is.EqualTo(new[] { TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60) }));
    }

    [Test]
    public void ResultWrite_RetriesForAboutFourSeconds() =>
        Assert.That(Backoff.ResultWrite, Is.EqualTo(new[]
        {
            TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2),
        }));

    [TestCase(1, 5)]
    [TestCase(2, 10)]
    [TestCase(4, 40)]
    [TestCase(30, 600)]
    public void TransientSend_DoublesFromFiveSecondsToTenMinutes(int attempts, int seconds) =>
        Assert.That(Backoff.TransientSend(attempts), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase(1, 10)]
    [TestCase(2, 20)]
    [TestCase(6, 320)]
    [TestCase(7, 600)]
    public void RecipientLookup_DoublesFromTenSecondsToTenMinutes(int attempts, int seconds) =>
        Assert.That(Backoff.RecipientLookup(attempts), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void FirstStatusPoll_IsFiveSeconds() => Assert.That(Backoff.FirstStatusPoll, Is.EqualTo(TimeSpan.FromSeconds(5)));

    [TestCase(1, null, 5)]
    [TestCase(3, null, 20)]
    [TestCase(30, null, 600)]
    [TestCase(1, 0.0, 1)]
    [TestCase(1, 0.5, 1)]
    [TestCase(9, 42.0, 42)]
    [TestCase(1, 3600.0, 600)]
    public void StatusPoll_FollowsTheHintClampedElseDoublesFromFiveSeconds(int polls, double? hintSeconds, int seconds) =>
        Assert.That(
            Backoff.StatusPoll(polls, hintSeconds is { } h ? TimeSpan.FromSeconds(h) : null),
            Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void MaxStatusPoll_IsTenMinutes() => Assert.That(Backoff.MaxStatusPoll, Is.EqualTo(TimeSpan.FromMinutes(10)));

    [TestCase(0, 5)]
    [TestCase(1, 5)]
    [TestCase(2, 30)]
    [TestCase(3, 120)]
    [TestCase(4, 600)]
    [TestCase(5, 1800)]
    [TestCase(6, 3600)]
    [TestCase(30, 3600)]
    public void WebhookRetry_FollowsTheSchedule(int failures, int seconds) =>
        Assert.That(Backoff.WebhookRetry(failures), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase(null, false)]
    [TestCase(0.0, false)]
    [TestCase(23.99, false)]
    [TestCase(24.0, true)]
    [TestCase(30.0, true)]
    public void WebhookGivesUp_OnlyAfter24HoursOfFailures(double? hours, bool givesUp) =>
        Assert.That(Backoff.WebhookGivesUp(hours is { } h ? TimeSpan.FromHours(h) : null), Is.EqualTo(givesUp));

    [TestCase(1, 500)]
    [TestCase(2, 1000)]
    [TestCase(3, 2000)]
    [TestCase(4, 4000)]
    [TestCase(5, 5000)]
    [TestCase(100, 5000)]
    public void Migration_DoublesFromHalfASecondToFiveSeconds(int failedAttempts, int milliseconds) =>
        Assert.That(Backoff.Migration(failedAttempts), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
}
