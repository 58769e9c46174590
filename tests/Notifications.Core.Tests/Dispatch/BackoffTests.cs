using Notifications.Core.Dispatch;

namespace Notifications.Core.Tests.Dispatch;

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
    public void SendCondition_RetriesAfterTenSecondsThenAMinute()
    {
        Assert.That(Backoff.SendCondition, Is.EqualTo(new[] { TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60) }));
    }
}
