using Notifications.Core.Webhooks;

namespace Notifications.Core.Tests.Webhooks;

public sealed class WebhookBackoffTests
{
    [TestCase(1, 5)]
    [TestCase(2, 30)]
    [TestCase(3, 120)]
    [TestCase(4, 600)]
    [TestCase(5, 1800)]
    [TestCase(6, 3600)]
    [TestCase(30, 3600)]
    public void AfterFailure_FollowsTheSchedule(int failures, int seconds) =>
        Assert.That(WebhookBackoff.AfterFailure(failures), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase(null, false)]
    [TestCase(0.0, false)]
    [TestCase(23.99, false)]
    [TestCase(24.0, true)]
    [TestCase(30.0, true)]
    public void GivesUp_OnlyAfter24HoursOfFailures(double? hours, bool givesUp) =>
        Assert.That(WebhookBackoff.GivesUp(hours is { } h ? TimeSpan.FromHours(h) : null), Is.EqualTo(givesUp));
}
