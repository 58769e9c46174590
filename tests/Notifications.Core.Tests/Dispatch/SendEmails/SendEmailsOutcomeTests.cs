using Moq;
using Notifications.Core.Dispatch.SendEmails;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using static Notifications.Core.Tests.Dispatch.DispatchData;

namespace Notifications.Core.Tests.Dispatch.SendEmails;

/// <summary>What each provider answer (or exception) becomes: the stored result, a pause, the email sent.</summary>
public sealed class SendEmailsOutcomeTests : SendEmailsTestBase
{
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
        Assert.That(ResultFor(batch[1]).NextAttemptAt, Is.EqualTo(_clock.UtcNow + TimeSpan.FromSeconds(10)), "the second attempt's back-off");
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
    public async Task Handle_WhenThrottled_PausesTheProviderForEveryHost()
    {
        GivenBatches([EmailClaim()]);
        GivenOutcome(_ => SendOutcome.Throttled(TimeSpan.FromSeconds(7), "429"));

        await HandleAsync();

        _gate.Verify(s => s.PauseProviderAsync("test", _clock.UtcNow.AddSeconds(7), It.IsAny<CancellationToken>()), Times.Once);
    }
}
