using Moq;
using Notifications.Core.Dispatch.SendEmails;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using static Notifications.Core.Tests.Dispatch.DispatchData;

namespace Notifications.Core.Tests.Dispatch.SendEmails;

/// <summary>The workers of a batch: sessions, shutdown, failed result writes and claims taken over.</summary>
public sealed class SendEmailsWorkerTests : SendEmailsTestBase
{
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

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
