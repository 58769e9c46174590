using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Dispatch;
using Notifications.Core.Dispatch.SendEmails;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;
using static Notifications.Core.Tests.Dispatch.DispatchData;

namespace Notifications.Core.Tests.Dispatch.SendEmails;

public sealed class SendEmailsHandlerTests
{
    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IEmailQueue> _emailQueue = new();
    private readonly Mock<IProviderGate> _gate = new();
    private readonly Mock<IOrderCompletion> _completion = new();
    private readonly Mock<IEmailProvider> _provider = new(MockBehavior.Strict);
    private readonly Mock<IWorkSignal> _signal = new();
    private readonly DispatchOptions _options = new() { EmailBatchSize = 50, LeaseSeconds = 90, SendConcurrency = 4 };
    private readonly List<SendResult> _results = [];
    private readonly List<(EmailClaim Claim, TimeSpan RetryIn)> _released = [];
    private readonly List<OutgoingEmail> _sent = [];
    private readonly List<Mock<IEmailSession>> _sessions = [];

    /// <summary>What the provider answers for each email; accepted by default.</summary>
    private Func<OutgoingEmail, Task<SendOutcome>> _send = _ => Task.FromResult(SendOutcome.Accepted("op-1"));

    [SetUp]
    public void SetUp()
    {
        _provider.Setup(p => p.ReportsDelivery).Returns(false);
        _provider.Setup(p => p.Name).Returns("test");
        _provider.Setup(p => p.SendsPerMinute).Returns((int?)null);
        _provider
            .Setup(p => p.OpenSessionAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(() =>
            {
                var session = new Mock<IEmailSession>(MockBehavior.Strict);
                session
                    .Setup(s => s.SendAsync(It.IsAny<OutgoingEmail>(), It.IsAny<CancellationToken>()))
                    .Returns((OutgoingEmail email, CancellationToken _) =>
                    {
                        lock (_sent)
                        {
                            _sent.Add(email);
                        }

                        return _send(email);
                    });
                session.Setup(s => s.DisposeAsync()).Returns(ValueTask.CompletedTask);
                lock (_sessions)
                {
                    _sessions.Add(session);
                }

                return session.Object;
            });
        _emailQueue
            .Setup(s => s.RecordSendResultsAsync(It.IsAny<IReadOnlyList<SendResult>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<SendResult> results, DateTimeOffset _, CancellationToken _) =>
            {
                lock (_results)
                {
                    _results.AddRange(results);
                }
            })
            .Returns(Task.CompletedTask);
        CaptureReleases();
    }

    private void CaptureReleases() =>
        _emailQueue
            .Setup(s => s.ReleaseEmailClaimsAsync(It.IsAny<IReadOnlyList<EmailClaim>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<EmailClaim> claims, TimeSpan retryIn, CancellationToken _) =>
            {
                lock (_released)
                {
                    _released.AddRange(claims.Select(c => (c, retryIn)));
                }
            })
            .Returns(Task.CompletedTask);

    private SendEmailsHandler Handler =>
        new(_emailQueue.Object, _gate.Object, _completion.Object, _provider.Object, _signal.Object, Options.Create(_options), _clock, NullLogger<SendEmailsHandler>.Instance, TestMeterFactory.Metrics(_clock));

    private Task<int> HandleAsync() => Handler.Handle(new SendEmailsCommand(), CancellationToken.None).AsTask();

    /// <summary>The store hands out these batches, then nothing more.</summary>
    private void GivenBatches(params EmailClaim[][] batches)
    {
        var sequence = _emailQueue.SetupSequence(s => s.ClaimEmailsAsync(It.IsAny<int>(), It.IsAny<long>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()));
        foreach (var batch in batches)
        {
            sequence = sequence.ReturnsAsync(batch);
        }

        sequence.ReturnsAsync([]);
    }

    private void GivenOutcome(Func<OutgoingEmail, SendOutcome> outcome) => _send = email => Task.FromResult(outcome(email));

    private SendResult ResultFor(EmailClaim claim) => _results.Single(r => r.Claim == claim);

    private void VerifyClaims(Times times) =>
        _emailQueue.Verify(s => s.ClaimEmailsAsync(It.IsAny<int>(), It.IsAny<long>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), times);

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

    [Test]
    public async Task Handle_WhenAcceptedByAProviderWithoutDeliveryReports_RecordsSucceeded()
    {
        var claim = EmailClaim();
        GivenBatches([claim]);
        GivenOutcome(_ => SendOutcome.Accepted("op-42"));

        await HandleAsync();

        var result = ResultFor(claim);
        Assert.That(result.Status, Is.EqualTo(EmailNotificationStatus.Succeeded));
        Assert.That(result.OperationId, Is.EqualTo("op-42"));
        Assert.That(result.NextAttemptAt, Is.Null);
        _emailQueue.Verify(s => s.RecordSendResultsAsync(It.Is<IReadOnlyList<SendResult>>(r => r.Count == 1), _clock.UtcNow, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenAcceptedByAProviderWithDeliveryReports_RecordsSendingWithTheOperationId()
    {
        _provider.Setup(p => p.ReportsDelivery).Returns(true);
        var claim = EmailClaim();
        GivenBatches([claim]);
        GivenOutcome(_ => SendOutcome.Accepted("acs-operation"));

        await HandleAsync();

        var result = ResultFor(claim);
        Assert.That(result.Status, Is.EqualTo(EmailNotificationStatus.Sending));
        Assert.That(result.OperationId, Is.EqualTo("acs-operation"));
    }

    [TestCase(1, 5)]
    [TestCase(2, 10)]
    [TestCase(3, 20)]
    [TestCase(4, 40)]
    [TestCase(30, 600)]
    public async Task Handle_WhenTransient_PutsTheEmailBackWithGrowingBackOff(int attempts, int delaySeconds)
    {
        var claim = EmailClaim(attempts: attempts);
        GivenBatches([claim]);
        GivenOutcome(_ => SendOutcome.Transient("503"));

        await HandleAsync();

        var result = ResultFor(claim);
        Assert.That(result.Status, Is.EqualTo(EmailNotificationStatus.New));
        Assert.That(result.NextAttemptAt, Is.EqualTo(_clock.UtcNow + TimeSpan.FromSeconds(delaySeconds)));
    }

    [TestCase(EmailNotificationStatus.Failed)]
    [TestCase(EmailNotificationStatus.Failed_InvalidEmailFormat)]
    [TestCase(EmailNotificationStatus.Failed_SupressedRecipient)]
    public async Task Handle_WhenFailed_RecordsTheOutcomesFailureStatus(EmailNotificationStatus failure)
    {
        var claim = EmailClaim();
        GivenBatches([claim]);
        GivenOutcome(_ => SendOutcome.Failed(failure, "rejected"));

        await HandleAsync();

        var result = ResultFor(claim);
        Assert.That(result.Status, Is.EqualTo(failure));
        Assert.That(result.NextAttemptAt, Is.Null);
    }

    [Test]
    public async Task Handle_WhenThrottled_PutsThatEmailAndTheRestOfTheBatchBackUntilThePauseEnds()
    {
        _options.SendConcurrency = 1;
        EmailClaim[] batch = [EmailClaim(), EmailClaim(), EmailClaim(), EmailClaim(), EmailClaim()];
        GivenBatches(batch, [EmailClaim()]);
        GivenOutcome(email => email.NotificationId == batch[1].NotificationId
            ? SendOutcome.Throttled(TimeSpan.FromSeconds(30), "429")
            : SendOutcome.Accepted());
        var pauseEnd = _clock.UtcNow + TimeSpan.FromSeconds(30);

        await HandleAsync();

        Assert.That(ResultFor(batch[0]).Status, Is.EqualTo(EmailNotificationStatus.Succeeded));
        Assert.That(ResultFor(batch[1]).Status, Is.EqualTo(EmailNotificationStatus.New));
        Assert.That(ResultFor(batch[1]).NextAttemptAt, Is.EqualTo(pauseEnd));
        // The rest was never attempted: handed back, uncounted, until the pause ends.
        Assert.That(_released, Is.EquivalentTo(batch.Skip(2).Select(c => (c, TimeSpan.FromSeconds(30)))));

        Assert.That(_sent.Select(e => e.NotificationId), Is.EqualTo(new[] { batch[0].NotificationId, batch[1].NotificationId }));
        VerifyClaims(Times.Once());
        _signal.Verify(s => s.WakeEmailsAt(pauseEnd), Times.Once);
        _emailQueue.Verify(s => s.GetNextEmailDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenThrottledWithoutRetryAfter_PausesForAMinute()
    {
        var claim = EmailClaim();
        GivenBatches([claim]);
        GivenOutcome(_ => new SendOutcome(SendOutcomeKind.Throttled, Reason: "429"));
        var pauseEnd = _clock.UtcNow + TimeSpan.FromSeconds(60);

        await HandleAsync();

        Assert.That(ResultFor(claim).Status, Is.EqualTo(EmailNotificationStatus.New));
        Assert.That(ResultFor(claim).NextAttemptAt, Is.EqualTo(pauseEnd));
        _signal.Verify(s => s.WakeEmailsAt(pauseEnd), Times.Once);
    }

    [Test]
    public async Task Handle_WhenThrottled_StillCompletesTheBatchsFinishedOrders()
    {
        var orderId = Guid.NewGuid();
        GivenBatches([EmailClaim(orderId)]);
        GivenOutcome(_ => SendOutcome.Throttled(TimeSpan.FromSeconds(5), "429"));

        await HandleAsync();

        _completion.Verify(s => s.CompleteFinishedOrdersAsync(
            It.Is<IReadOnlyCollection<Guid>>(ids => ids.SequenceEqual(new[] { orderId })), true, _clock.UtcNow, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenASendThrowsUnexpectedly_TreatsItAsTransientAndSendsTheOthers()
    {
        _options.SendConcurrency = 1;
        var attempts = 2;
        EmailClaim[] batch = [EmailClaim(), EmailClaim(attempts: attempts), EmailClaim()];
        GivenBatches(batch);
        _send = email => email.NotificationId == batch[1].NotificationId
            ? throw new InvalidOperationException("socket closed")
            : Task.FromResult(SendOutcome.Accepted());

        await HandleAsync();

        Assert.That(ResultFor(batch[1]).Status, Is.EqualTo(EmailNotificationStatus.New));
        Assert.That(ResultFor(batch[1]).NextAttemptAt, Is.EqualTo(_clock.UtcNow + Backoff.ForAttempt(attempts, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10))));
        Assert.That(ResultFor(batch[0]).Status, Is.EqualTo(EmailNotificationStatus.Succeeded));
        Assert.That(ResultFor(batch[2]).Status, Is.EqualTo(EmailNotificationStatus.Succeeded));
    }

    [Test]
    public async Task Handle_WhenASendFaultsAsynchronously_TreatsItAsTransient()
    {
        var claim = EmailClaim();
        GivenBatches([claim, EmailClaim()]);
        _send = email => email.NotificationId == claim.NotificationId
            ? Task.FromException<SendOutcome>(new IOException("connection reset"))
            : Task.FromResult(SendOutcome.Accepted());

        await HandleAsync();

        Assert.That(ResultFor(claim).Status, Is.EqualTo(EmailNotificationStatus.New));
        Assert.That(_results.Count(r => r.Status == EmailNotificationStatus.Succeeded), Is.EqualTo(1));
    }

    [Test]
    public async Task Handle_WhenASendTimesOutWithoutShutdown_TreatsItAsTransient()
    {
        var claim = EmailClaim();
        GivenBatches([claim]);
        _send = _ => Task.FromException<SendOutcome>(new TaskCanceledException("HttpClient timeout"));

        await HandleAsync();

        Assert.That(ResultFor(claim).Status, Is.EqualTo(EmailNotificationStatus.New));
    }

    [Test]
    public async Task Handle_OpensNoMoreSessionsThanTheConcurrencyAllows()
    {
        _options.SendConcurrency = 3;
        var batch = Enumerable.Range(0, 20).Select(_ => EmailClaim()).ToArray();
        GivenBatches(batch);
        var inFlight = 0;
        var maxInFlight = 0;
        _send = async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            await Task.Yield();
            Interlocked.Decrement(ref inFlight);
            return SendOutcome.Accepted();
        };

        await HandleAsync();

        Assert.That(_sessions, Has.Count.InRange(1, 3));
        Assert.That(maxInFlight, Is.InRange(1, 3));
        Assert.That(_results.Select(r => r.Claim), Is.EquivalentTo(batch));
        foreach (var session in _sessions)
        {
            session.Verify(s => s.DisposeAsync(), Times.Once);
        }
    }

    [Test]
    public async Task Handle_WithFewerEmailsThanTheConcurrency_OpensOneSessionPerEmailAtMost()
    {
        _options.SendConcurrency = 8;
        GivenBatches([EmailClaim(), EmailClaim()]);

        await HandleAsync();

        Assert.That(_sessions, Has.Count.InRange(1, 2));
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
    public async Task Handle_SendsThePersonalisedEmail()
    {
        var template = new EmailTemplate("sender@example.com", "Hei $recipientName$\r\n!", "<p>$recipientName$ ($recipientNumber$)</p>", EmailContentType.Html);
        var claim = EmailClaim(address: "post@bedrift.no", recipientName: "Ola & Kari AS", organizationNumber: "310000001", template: template);
        GivenBatches([claim]);

        await HandleAsync();

        var email = _sent.Single();
        Assert.That(email.NotificationId, Is.EqualTo(claim.NotificationId));
        Assert.That(email.FromAddress, Is.EqualTo("sender@example.com"));
        Assert.That(email.ToAddress, Is.EqualTo("post@bedrift.no"));
        Assert.That(email.ToName, Is.EqualTo("Ola & Kari AS"));
        Assert.That(email.Subject, Is.EqualTo("Hei Ola & Kari AS !"));
        Assert.That(email.Body, Is.EqualTo("<p>Ola &amp; Kari AS (310000001)</p>"));
        Assert.That(email.ContentType, Is.EqualTo(EmailContentType.Html));
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

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
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
    public async Task Handle_WhenThrottled_PausesTheProviderForEveryHost()
    {
        GivenBatches([EmailClaim()]);
        GivenOutcome(_ => SendOutcome.Throttled(TimeSpan.FromSeconds(7), "429"));

        await HandleAsync();

        _gate.Verify(s => s.PauseProviderAsync("test", _clock.UtcNow.AddSeconds(7), It.IsAny<CancellationToken>()), Times.Once);
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

    [Test]
    public async Task Handle_WhenStopped_FinishesTheSendInFlightRecordsItAndHandsTheRestBackAtOnce()
    {
        _options.SendConcurrency = 1;
        using var stopping = new CancellationTokenSource();
        EmailClaim[] batch = [EmailClaim(), EmailClaim(), EmailClaim()];
        GivenBatches(batch);
        _send = async _ =>
        {
            await stopping.CancelAsync(); // SIGTERM arrives while the provider is working on the first email
            return SendOutcome.Accepted();
        };

        await Handler.Handle(new SendEmailsCommand(), stopping.Token);

        Assert.That(_sent.Select(e => e.NotificationId), Is.EqualTo(new[] { batch[0].NotificationId }));
        Assert.That(ResultFor(batch[0]).Status, Is.EqualTo(EmailNotificationStatus.Succeeded));
        Assert.That(_released, Is.EquivalentTo(batch.Skip(1).Select(c => (c, TimeSpan.Zero))));
        VerifyClaims(Times.Once());
    }

    [Test]
    public async Task Handle_WhenResultsCannotBeWritten_StopsSendingAndHandsTheRestBack()
    {
        _options.SendConcurrency = 1;
        EmailClaim[] batch = [EmailClaim(), EmailClaim(), EmailClaim(), EmailClaim()];
        GivenBatches(batch, [EmailClaim()]);
        // Released on the write's retry, when the first failure has surely been seen.
        var writeFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = 0;
        _emailQueue
            .Setup(s => s.RecordSendResultsAsync(It.IsAny<IReadOnlyList<SendResult>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback(() =>
            {
                if (Interlocked.Increment(ref writes) == 2)
                {
                    writeFailed.TrySetResult();
                }
            })
            .ThrowsAsync(new TimeoutException("database away"));
        _send = async email =>
        {
            if (email.NotificationId != batch[0].NotificationId)
            {
                await writeFailed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }

            return SendOutcome.Accepted();
        };

        await HandleAsync();

        // The second email was in flight when the first result failed to be written; nothing was started after that.
        Assert.That(_sent.Select(e => e.NotificationId), Is.EqualTo(batch.Take(2).Select(c => c.NotificationId)));
        Assert.That(_released, Is.EquivalentTo(batch.Skip(2).Select(c => (c, TimeSpan.Zero))));
        VerifyClaims(Times.Once());
    }

    [Test]
    public async Task Handle_WhenTheHeartbeatFindsAnEmailTakenOver_DoesNotSendIt()
    {
        _options.SendConcurrency = 1;
        _options.LeaseSeconds = 5; // the heartbeat renews every 1.25 s
        EmailClaim[] batch = [EmailClaim(), EmailClaim(), EmailClaim()];
        GivenBatches(batch);
        // Released at the second renewal, when the first one's answer has surely been taken in.
        var renewed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var renewals = 0;
        _emailQueue
            .Setup(s => s.RenewEmailClaimsAsync(batch[0].ClaimToken, It.IsAny<IReadOnlyCollection<Guid>>(), TimeSpan.FromSeconds(5), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new HashSet<Guid> { batch[1].NotificationId })
            .Callback(() =>
            {
                if (Interlocked.Increment(ref renewals) == 2)
                {
                    renewed.TrySetResult();
                }
            });
        _send = async email =>
        {
            if (email.NotificationId == batch[0].NotificationId)
            {
                await renewed.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a slow provider: the lease is renewed meanwhile
            }

            return SendOutcome.Accepted();
        };

        await HandleAsync();

        // batch[2] is no longer held under this claim (another host recovered it): it is neither sent nor handed back.
        Assert.That(_sent.Select(e => e.NotificationId), Is.EqualTo(batch.Take(2).Select(c => c.NotificationId)));
        Assert.That(_released, Is.Empty);
    }
}
