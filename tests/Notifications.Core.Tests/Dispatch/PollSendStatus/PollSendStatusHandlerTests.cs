using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Dispatch;
using Notifications.Core.Dispatch.PollSendStatus;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;

namespace Notifications.Core.Tests.Dispatch.PollSendStatus;

/// <summary>ACS polling: a hint is per operation, only a 429 pauses status reads, and due work is read promptly.</summary>
public sealed class PollSendStatusHandlerTests
{
    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IOperationPolls> _polls = new();
    private readonly Mock<IProviderGate> _gate = new();
    private readonly Mock<IOrderCompletion> _completion = new();
    private readonly Mock<IEmailOperationTracker> _tracker = new();
    private readonly Mock<IWorkSignal> _signal = new();
    private readonly DispatchOptions _options = new() { StatusPollBatchSize = 3 };
    private readonly List<(Guid Id, EmailNotificationStatus? Status, DateTimeOffset NextPoll)> _recorded = [];

    private DateTimeOffset Now => _clock.UtcNow;

    [SetUp]
    public void SetUp() =>
        _polls
            .Setup(s => s.RecordOperationStatusAsync(It.IsAny<OperationClaim>(), It.IsAny<EmailNotificationStatus?>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback((OperationClaim claim, EmailNotificationStatus? status, DateTimeOffset next, DateTimeOffset _, CancellationToken _) => _recorded.Add((claim.NotificationId, status, next)))
            .Returns(Task.CompletedTask);

    private Task<int> HandleAsync() =>
        new PollSendStatusHandler(_polls.Object, _gate.Object, _completion.Object, Options.Create(_options), _clock, NullLogger<PollSendStatusHandler>.Instance, TestMeterFactory.Metrics(_clock), _signal.Object, _tracker.Object)
            .Handle(new PollSendStatusCommand(), CancellationToken.None).AsTask();

    private static OperationClaim[] Claims(int count) =>
        Enumerable.Range(0, count).Select(i => new OperationClaim(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"op-{i}", Polls: 1)).ToArray();

    /// <summary>The store hands out these batches, then nothing more.</summary>
    private void GivenBatches(params OperationClaim[][] batches)
    {
        var sequence = _polls.SetupSequence(s => s.ClaimOperationsToPollAsync(It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()));
        foreach (var batch in batches)
        {
            sequence = sequence.ReturnsAsync(batch);
        }

        sequence.ReturnsAsync([]);
    }

    private void GivenEveryRead(OperationStatus status) =>
        _tracker.Setup(t => t.GetStatusAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(status);

    [Test]
    public async Task RetryAfterOnARunningOperation_IsThatOperationsNextPoll_AndTheRestOfTheBatchIsStillRead()
    {
        // The bug: a hint on a successful read was taken for rate limiting, and the rest of the batch went unread.
        GivenBatches(Claims(3));
        GivenEveryRead(new OperationStatus(OperationState.Pending, Reason: "ACS operation Running", RetryAfter: TimeSpan.FromSeconds(1)));

        await HandleAsync();

        _tracker.Verify(t => t.GetStatusAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        Assert.That(_recorded.Select(r => (r.Status, r.NextPoll)), Is.All.EqualTo(((EmailNotificationStatus?)null, Now.AddSeconds(1))));
        _gate.Verify(s => s.PauseProviderAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A429_PausesStatusReadsOnEveryHost_AndLeavesTheRestOfTheBatchUnread()
    {
        var claims = Claims(3);
        GivenBatches(claims, Claims(3));
        GivenEveryRead(new OperationStatus(OperationState.Throttled, Reason: "ACS answered HTTP 429", RetryAfter: TimeSpan.FromSeconds(30)));

        await HandleAsync();

        _tracker.Verify(t => t.GetStatusAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
        _gate.Verify(s => s.PauseProviderAsync(PollSendStatusHandler.StatusReadsThrottle, Now.AddSeconds(30), It.IsAny<CancellationToken>()));
        Assert.That(_recorded, Is.EqualTo(claims.Select(c => (c.NotificationId, (EmailNotificationStatus?)null, Now.AddSeconds(30)))));
        _polls.Verify(s => s.ClaimOperationsToPollAsync(It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once,
            "no further batch is claimed during the pause");
        _signal.Verify(s => s.WakeStatusPollAt(Now.AddSeconds(30)));
    }

    [Test]
    public async Task WhileStatusReadsArePaused_NothingIsClaimedOrRead_AndTheRunWakesWhenThePauseEnds()
    {
        _gate.Setup(s => s.GetPausedUntilAsync(PollSendStatusHandler.StatusReadsThrottle, Now, It.IsAny<CancellationToken>())).ReturnsAsync(Now.AddSeconds(20));
        GivenBatches(Claims(3));

        Assert.That(await HandleAsync(), Is.Zero);

        _polls.Verify(s => s.ClaimOperationsToPollAsync(It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
        _tracker.VerifyNoOtherCalls();
        _signal.Verify(s => s.WakeStatusPollAt(Now.AddSeconds(20)));
    }

    [Test]
    public async Task ManyDueOperations_AreClaimedBatchAfterBatchInOneRun()
    {
        // The bug: one batch of 50 per 10-second run left 100 due operations waiting for later runs.
        GivenBatches(Claims(3), Claims(3), Claims(1));
        GivenEveryRead(new OperationStatus(OperationState.Succeeded));

        Assert.That(await HandleAsync(), Is.EqualTo(7));

        Assert.That(_recorded, Has.Count.EqualTo(7));
        Assert.That(_recorded.Select(r => r.Status), Is.All.EqualTo(EmailNotificationStatus.Succeeded));
        _completion.Verify(s => s.CompleteFinishedOrdersAsync(It.Is<IReadOnlyCollection<Guid>>(ids => ids.Count == 7), false, Now, It.IsAny<CancellationToken>()));
    }

    [Test]
    public async Task ARunThatKeepsFindingFullBatches_StopsAfterItsLimit_AndWakesTheNextRunAtOnce()
    {
        _polls.Setup(s => s.ClaimOperationsToPollAsync(It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Claims(3));
        _polls.Setup(s => s.GetNextOperationPollAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Now);
        GivenEveryRead(new OperationStatus(OperationState.Pending));

        Assert.That(await HandleAsync(), Is.EqualTo(3 * PollSendStatusHandler.MaxBatchesPerRun));

        _signal.Verify(s => s.WakeStatusPollAt(Now));
    }

    [Test]
    public async Task AfterTheRun_ItWakesItselfWhenTheNextPollIsDue()
    {
        GivenBatches(Claims(1));
        GivenEveryRead(new OperationStatus(OperationState.Pending, RetryAfter: TimeSpan.FromSeconds(1)));
        _polls.Setup(s => s.GetNextOperationPollAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Now.AddSeconds(1));

        await HandleAsync();

        // Not at the next fallback poll (10 s by default): the hint asked for one second.
        _signal.Verify(s => s.WakeStatusPollAt(Now.AddSeconds(1)));
    }

    [TestCase(0, 1)]
    [TestCase(3, 3)]
    [TestCase(3600, 600)]
    public async Task AHint_IsHonouredBetweenOneSecondAndTenMinutes(int hintSeconds, int expectedSeconds)
    {
        GivenBatches(Claims(1));
        GivenEveryRead(new OperationStatus(OperationState.Pending, RetryAfter: TimeSpan.FromSeconds(hintSeconds)));

        await HandleAsync();

        Assert.That(_recorded.Single().NextPoll, Is.EqualTo(Now.AddSeconds(expectedSeconds)));
    }

    [TestCase(OperationState.Pending)]
    [TestCase(OperationState.Unknown)]
    public async Task WithoutAHint_ASecondPollWaitsTenSeconds(OperationState state)
    {
        GivenBatches(Claims(1)); // Polls: 1, this is its first poll
        GivenEveryRead(new OperationStatus(state, Reason: "ACS answered HTTP 503"));

        await HandleAsync();

        Assert.That(_recorded.Single().NextPoll, Is.EqualTo(Now.AddSeconds(10)));
        _gate.Verify(s => s.PauseProviderAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task AFailedOperation_IsRecordedWithItsFailureStatus()
    {
        GivenBatches(Claims(1));
        GivenEveryRead(new OperationStatus(OperationState.Failed, EmailNotificationStatus.Failed_SupressedRecipient));

        await HandleAsync();

        Assert.That(_recorded.Single().Status, Is.EqualTo(EmailNotificationStatus.Failed_SupressedRecipient));
    }
}
