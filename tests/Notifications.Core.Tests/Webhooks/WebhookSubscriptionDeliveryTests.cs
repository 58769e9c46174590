using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;
using Notifications.Core.Webhooks;
using Notifications.Core.Webhooks.Deliver;

namespace Notifications.Core.Tests.Webhooks;

/// <summary>One claimed subscription's run: in order, stop at the first failure, give up after 24 hours.</summary>
public sealed class WebhookSubscriptionDeliveryTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IStatusFeed> _feed = new();
    private readonly Mock<IWebhookQueue> _queue = new();
    private readonly Mock<IWebhookSender> _sender = new();
    private readonly Mock<IWebhookBodyWriter> _bodies = new();
    private readonly List<long> _sent = [];

    [SetUp]
    public void SetUp()
    {
        _feed.Setup(f => f.ReadAsync("ttd", 10, 100, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync([Entry(11), Entry(12), Entry(13)]);
        _bodies.Setup(b => b.Write(It.IsAny<FeedEntry>())).Returns<FeedEntry>(e => $"{{\"sequenceNumber\":{e.SequenceNumber}}}");
        _queue.Setup(q => q.AdvanceAsync(It.IsAny<WebhookClaim>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _queue.Setup(q => q.FailAsync(It.IsAny<WebhookClaim>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        Answer(_ => WebhookSendResult.Success);
    }

    [Test]
    public async Task Deliver_SendsEachEntryInOrder_AdvancingTheCursorAfterEach_ThenReleases()
    {
        var delivered = await DeliverAsync(Claim());

        Assert.That(delivered, Is.EqualTo(3));
        Assert.That(_sent, Is.EqualTo(new long[] { 11, 12, 13 }));
        _queue.Verify(q => q.AdvanceAsync(It.IsAny<WebhookClaim>(), 11, It.IsAny<CancellationToken>()), Times.Once);
        _queue.Verify(q => q.AdvanceAsync(It.IsAny<WebhookClaim>(), 13, It.IsAny<CancellationToken>()), Times.Once);
        _queue.Verify(q => q.ReleaseAsync(It.IsAny<WebhookClaim>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Deliver_StopsAtTheFirstFailure_AndSchedulesTheRetryByTheFailureCount()
    {
        Answer(id => id == 12 ? WebhookSendResult.Failed("HTTP 500") : WebhookSendResult.Success);

        var delivered = await DeliverAsync(Claim());

        Assert.That(delivered, Is.EqualTo(1));
        Assert.That(_sent, Is.EqualTo(new long[] { 11, 12 }));
        // Entry 12's first failure (entry 11's success reset the count): 5 s.
        _queue.Verify(q => q.FailAsync(It.IsAny<WebhookClaim>(), TimeSpan.FromSeconds(5), It.IsAny<CancellationToken>()), Times.Once);
        _queue.Verify(q => q.AdvanceAsync(It.IsAny<WebhookClaim>(), 12, It.IsAny<CancellationToken>()), Times.Never);
        _queue.Verify(q => q.ReleaseAsync(It.IsAny<WebhookClaim>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Deliver_ARepeatedFailure_WaitsLonger()
    {
        Answer(_ => WebhookSendResult.Failed("timeout"));

        await DeliverAsync(Claim(attempts: 2, failingFor: TimeSpan.FromMinutes(1)));

        _queue.Verify(q => q.FailAsync(It.IsAny<WebhookClaim>(), TimeSpan.FromMinutes(2), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Deliver_AnEntryFailingFor24Hours_IsGivenUp_AndTheNextOneIsSent()
    {
        Answer(id => id == 11 ? WebhookSendResult.Failed("HTTP 503") : WebhookSendResult.Success);

        var delivered = await DeliverAsync(Claim(attempts: 30, failingFor: TimeSpan.FromHours(24.5)));

        Assert.That(delivered, Is.EqualTo(2));
        Assert.That(_sent, Is.EqualTo(new long[] { 11, 12, 13 }));
        _queue.Verify(q => q.AdvanceAsync(It.IsAny<WebhookClaim>(), 11, It.IsAny<CancellationToken>()), Times.Once);
        _queue.Verify(q => q.FailAsync(It.IsAny<WebhookClaim>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Deliver_WhenTheClaimIsLost_StopsAfterTheEntryInFlight()
    {
        _queue.Setup(q => q.AdvanceAsync(It.IsAny<WebhookClaim>(), 11, It.IsAny<CancellationToken>())).ReturnsAsync(false);

        await DeliverAsync(Claim());

        Assert.That(_sent, Is.EqualTo(new long[] { 11 }));
    }

    private static WebhookClaim Claim(int attempts = 0, TimeSpan? failingFor = null) =>
        new(Guid.NewGuid(), "ttd", "https://hooks.example.com/", "whsec_AAAA", 10, attempts, failingFor, Guid.NewGuid());

    private static FeedEntry Entry(long sequenceNumber) =>
        new(sequenceNumber, Guid.NewGuid(), null, "Notification", "Order_Completed", FixedTimeProvider.DefaultNow, []);

    private void Answer(Func<long, WebhookSendResult> answer) =>
        _sender.Setup(s => s.SendAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, long, string, CancellationToken>((_, _, id, _, _) =>
            {
                _sent.Add(id);
                return Task.FromResult(answer(id));
            });

    private Task<int> DeliverAsync(WebhookClaim claim) =>
        new SubscriptionDelivery(
                _feed.Object, _queue.Object, _sender.Object, _bodies.Object, Options.Create(new WebhookOptions()), TestMeterFactory.Metrics(_clock), _clock,
                NullLogger<SubscriptionDelivery>.Instance)
            .DeliverAsync(claim, Lease, _clock.GetTimestamp(), CancellationToken.None);
}
