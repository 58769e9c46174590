using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Dispatch;
using Notifications.Core.Dispatch.SendEmails;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;

namespace Notifications.Core.Tests.Dispatch.SendEmails;

/// <summary>
/// What the SendEmails tests share: a store, gate and provider mocked to record what was sent, written and handed back,
/// and the handler built from the real parts (budget, batch sender, hand-back).
/// </summary>
public abstract class SendEmailsTestBase
{
    private protected readonly FixedTimeProvider _clock = new();
    private protected readonly Mock<IEmailQueue> _emailQueue = new();
    private protected readonly Mock<IProviderGate> _gate = new();
    private protected readonly Mock<IOrderCompletion> _completion = new();
    private protected readonly Mock<IEmailProvider> _provider = new(MockBehavior.Strict);
    private protected readonly Mock<IWorkSignal> _signal = new();
    private protected readonly DispatchOptions _options = new() { EmailBatchSize = 50, LeaseSeconds = 90, SendConcurrency = 4 };
    private protected readonly List<SendResult> _results = [];
    private protected readonly List<(EmailClaim Claim, TimeSpan RetryIn)> _released = [];
    private protected readonly List<OutgoingEmail> _sent = [];
    private protected readonly List<Mock<IEmailSession>> _sessions = [];

    /// <summary>What the provider answers for each email; accepted by default.</summary>
    private protected Func<OutgoingEmail, Task<SendOutcome>> _send = _ => Task.FromResult(SendOutcome.Accepted("op-1"));

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

    private protected SendEmailsHandler Handler
    {
        get
        {
            var options = Options.Create(_options);
            var handBack = new ClaimHandBack(_emailQueue.Object, _clock, NullLogger<ClaimHandBack>.Instance);
            var sender = new BatchSender(
                _emailQueue.Object, _gate.Object, _provider.Object, handBack, options, _clock, NullLogger<BatchSender>.Instance, TestMeterFactory.Metrics(_clock));
            var budget = new SendBudget(_emailQueue.Object, _gate.Object, _provider.Object, _clock);
            return new SendEmailsHandler(_emailQueue.Object, _gate.Object, _provider.Object, budget, sender, _completion.Object, _signal.Object, options, _clock);
        }
    }

    private protected Task<int> HandleAsync() => Handler.Handle(new SendEmailsCommand(), CancellationToken.None).AsTask();

    /// <summary>The store hands out these batches, then nothing more.</summary>
    private protected void GivenBatches(params EmailClaim[][] batches)
    {
        var sequence = _emailQueue.SetupSequence(s => s.ClaimEmailsAsync(It.IsAny<int>(), It.IsAny<long>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()));
        foreach (var batch in batches)
        {
            sequence = sequence.ReturnsAsync(batch);
        }

        sequence.ReturnsAsync([]);
    }

    private protected void GivenOutcome(Func<OutgoingEmail, SendOutcome> outcome) => _send = email => Task.FromResult(outcome(email));

    private protected SendResult ResultFor(EmailClaim claim) => _results.Single(r => r.Claim == claim);

    private protected void VerifyClaims(Times times) =>
        _emailQueue.Verify(s => s.ClaimEmailsAsync(It.IsAny<int>(), It.IsAny<long>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), times);
}
