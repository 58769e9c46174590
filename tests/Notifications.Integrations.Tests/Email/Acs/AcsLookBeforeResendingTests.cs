using Notifications.Core.Ports;
using Notifications.Testing.Email.Acs;

namespace Notifications.Integrations.Tests.Email.Acs;

/// <summary>
/// Look before re-sending (docs/decisions/002): an email that may have reached ACS before is POSTed again only after a status
/// read of its <c>Operation-Id</c> answers 404. Counted at the fake's POSTs, where a second email would be created.
/// </summary>
public sealed class AcsLookBeforeResendingTests
{
    private FakeAcsServer _fake = null!;

    [SetUp]
    public async Task StartFake() => _fake = await FakeAcsServer.StartAsync();

    [TearDown]
    public async Task StopFake() => await _fake.DisposeAsync();

    private static OutgoingEmail Retry(OutgoingEmail email) => email with { MayHaveBeenSent = true };

    private IReadOnlyList<(string Method, int Status)> Exchanges() => _fake.Requests.Select(r => (r.Method, r.StatusCode)).ToList();

    [Test]
    public async Task RetryAfterATimeoutThatNeverReachedAcs_ReadsStatus404ThenPosts()
    {
        var email = TestEmails.Create();
        await using (var impatient = AcsClientHost.For(_fake, timeoutSeconds: 1))
        {
            _fake.Latency = TimeSpan.FromSeconds(5); // the client gives up before the fake handles the send
            Assert.That((await impatient.SendAsync(email)).Kind, Is.EqualTo(SendOutcomeKind.Transient));
            _fake.Latency = TimeSpan.Zero;
        }

        await using var host = AcsClientHost.For(_fake);
        var outcome = await host.SendAsync(Retry(email));

        Assert.That(outcome, Is.EqualTo(SendOutcome.Accepted(email.NotificationId.ToString())));
        Assert.That(Exchanges(), Is.EqualTo(new[] { ("GET", 404), ("POST", 202) }));
        Assert.That(_fake.Requests[0].Target, Does.StartWith($"/emails/operations/{email.NotificationId}?"));
        Assert.That(_fake.EmailsCreated(email.NotificationId.ToString()), Is.EqualTo(1));
    }

    [Test]
    public async Task RetryAfterATimeoutThatReachedAcs_AdoptsTheRunningOperation_WithoutASecondPost()
    {
        var email = TestEmails.Create();
        await using (var impatient = AcsClientHost.For(_fake, timeoutSeconds: 1))
        {
            _fake.AnswerDelay = TimeSpan.FromSeconds(5); // ACS took the email; its answer never came back
            Assert.That((await impatient.SendAsync(email)).Kind, Is.EqualTo(SendOutcomeKind.Transient));
            _fake.AnswerDelay = TimeSpan.Zero;
        }

        await using var host = AcsClientHost.For(_fake);
        var outcome = await host.SendAsync(Retry(email));

        Assert.That(outcome, Is.EqualTo(SendOutcome.Accepted(email.NotificationId.ToString())));
        Assert.That(_fake.SendAttempts(email.NotificationId.ToString()), Is.EqualTo(1), "only the first, timed-out POST");
        Assert.That(Exchanges()[^1], Is.EqualTo(("GET", 200)));
    }

    [TestCase("NotStarted")]
    [TestCase("Running")]
    [TestCase("Succeeded")]
    [TestCase("Failed")]
    public async Task RetryOfAnExistingOperation_IsAdoptedWhateverItsState_AndNotPosted(string state)
    {
        var email = TestEmails.Create();
        _fake.SetOperationStatuses(email.NotificationId.ToString(), new FakeAcsOperationStatus(state));
        await using var host = AcsClientHost.For(_fake);

        var outcome = await host.SendAsync(Retry(email));

        // Accepted: the email goes to Sending and the status poll records how the operation ends.
        Assert.That(outcome, Is.EqualTo(SendOutcome.Accepted(email.NotificationId.ToString())));
        Assert.That(Exchanges(), Is.EqualTo(new[] { ("GET", 200) }));
    }

    [Test]
    public async Task RetryWhoseStatusReadIsThrottled_IsThrottled_AndNotPosted()
    {
        _fake.EnqueueStatusAnswers(FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(7)));
        await using var host = AcsClientHost.For(_fake);

        var outcome = await host.SendAsync(Retry(TestEmails.Create()));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Throttled));
        Assert.That(outcome.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(Exchanges(), Is.EqualTo(new[] { ("GET", 429) }));
    }

    [Test]
    public async Task RetryWhoseStatusReadFails_IsTransient_AndNotPosted()
    {
        _fake.EnqueueStatusAnswers(FakeAcsAnswer.ServerError(503));
        await using var host = AcsClientHost.For(_fake);

        var outcome = await host.SendAsync(Retry(TestEmails.Create()));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(outcome.Reason, Does.Contain("503"));
        Assert.That(Exchanges(), Is.EqualTo(new[] { ("GET", 503) }));
    }

    [Test]
    public async Task FirstAttempt_PostsWithoutAStatusRead()
    {
        await using var host = AcsClientHost.For(_fake);

        await host.SendAsync(TestEmails.Create());

        Assert.That(Exchanges(), Is.EqualTo(new[] { ("POST", 202) }));
    }
}
