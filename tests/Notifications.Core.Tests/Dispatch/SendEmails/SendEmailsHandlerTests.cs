using Moq;
using Notifications.Core.Dispatch.SendEmails;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using static Notifications.Core.Tests.Dispatch.DispatchData;

namespace Notifications.Core.Tests.Dispatch.SendEmails;

/// <summary>The handler's steps: claims, the shared pause and budget, order completion, wake-ups.</summary>
public sealed class SendEmailsHandlerTests : SendEmailsTestBase
{
    [Test]
    public async Task Handle_ClaimsBatchesUntilNoneIsReady()
    {
        EmailClaim[] first = [EmailClaim(), EmailClaim()];
        EmailClaim[] second = [EmailClaim()];
        GivenBatches(first, second);

        var sent = await HandleAsync();

        Assert.That(sent, Is.EqualTo(3));
        Assert.That(_results.Select(r => r.Claim), Is.EquivalentTo(first.Concat(second)));
        _emailQueue.Verify(s => s.ClaimEmailsAsync(50, 32L * 1024 * 1024, TimeSpan.FromSeconds(90), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [TestCase(false, true)]
    [TestCase(true, false)]
    public async Task Handle_CompletesTheBatchsDistinctOrders(bool reportsDelivery, bool succeededIsFinal)
    {
        _provider.Setup(p => p.ReportsDelivery).Returns(reportsDelivery);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        GivenBatches([EmailClaim(a), EmailClaim(b), EmailClaim(a), EmailClaim(b), EmailClaim(a)]);

        await HandleAsync();

        _completion.Verify(s => s.CompleteFinishedOrdersAsync(
            It.Is<IReadOnlyCollection<Guid>>(ids => ids.Count == 2 && ids.Contains(a) && ids.Contains(b)), succeededIsFinal, _clock.UtcNow, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenMoreEmailsWaitForLater_WakesTheSenderWhenTheNextIsReady()
    {
        GivenBatches([EmailClaim()]);
        var nextReady = _clock.UtcNow.AddSeconds(42);
        _emailQueue.Setup(s => s.GetNextEmailDueAsync(_clock.UtcNow, It.IsAny<CancellationToken>())).ReturnsAsync(nextReady);

        await HandleAsync();

        _signal.Verify(s => s.WakeEmailsAt(nextReady), Times.Once);
    }

    [Test]
    public async Task Handle_WhenNothingWaits_DoesNotScheduleAWakeUp()
    {
        GivenBatches();

        var sent = await HandleAsync();

        Assert.That(sent, Is.Zero);
        _provider.Verify(p => p.OpenSessionAsync(It.IsAny<CancellationToken>()), Times.Never);
        _completion.Verify(s => s.CompleteFinishedOrdersAsync(
            It.IsAny<IReadOnlyCollection<Guid>?>(), It.IsAny<bool>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
        _signal.Verify(s => s.WakeEmailsAt(It.IsAny<DateTimeOffset>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhileTheProviderIsPausedOnAnyHost_ClaimsNothingAndWakesWhenThePauseEnds()
    {
        var pausedUntil = _clock.UtcNow.AddSeconds(30);
        _gate.Setup(s => s.GetPausedUntilAsync("test", _clock.UtcNow, It.IsAny<CancellationToken>())).ReturnsAsync(pausedUntil);
        GivenBatches([EmailClaim()]);

        await HandleAsync();

        VerifyClaims(Times.Never());
        _signal.Verify(s => s.WakeEmailsAt(pausedUntil), Times.Once);
    }

    [Test]
    public async Task Handle_WithASendRateLimit_SendsOnlyWhatTheSharedBudgetGrantsAndPutsTheRestBack()
    {
        var nextWindow = _clock.UtcNow.AddSeconds(40);
        _provider.Setup(p => p.SendsPerMinute).Returns(30);
        _gate.Setup(s => s.ReserveSendBudgetAsync("test", 30, 3, _clock.UtcNow, It.IsAny<CancellationToken>())).ReturnsAsync((1, nextWindow));
        EmailClaim[] batch = [EmailClaim(), EmailClaim(), EmailClaim()];
        GivenBatches(batch);

        await HandleAsync();

        Assert.That(_sent, Has.Count.EqualTo(1));
        Assert.That(_released, Is.EquivalentTo(batch.Skip(1).Select(c => (c, TimeSpan.FromSeconds(40)))));
        VerifyClaims(Times.Once());
        _signal.Verify(s => s.WakeEmailsAt(nextWindow), Times.Once);
    }

    [Test]
    public async Task Handle_WithASendRateLimitAndBudgetLeft_SendsTheWholeBatch()
    {
        _provider.Setup(p => p.SendsPerMinute).Returns(30);
        _gate.Setup(s => s.ReserveSendBudgetAsync("test", 30, 2, _clock.UtcNow, It.IsAny<CancellationToken>())).ReturnsAsync((2, (DateTimeOffset?)null));
        GivenBatches([EmailClaim(), EmailClaim()]);

        await HandleAsync();

        Assert.That(_sent, Has.Count.EqualTo(2));
    }
}
