using System.Text;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Testing.Email.Acs;

namespace Notifications.Integrations.Tests.Email.Acs;

/// <summary>Sending through the real HttpClient stack to <see cref="FakeAcsServer"/>, which checks every signature.</summary>
public sealed class AcsEmailClientTests
{
    private FakeAcsServer _fake = null!;

    [SetUp]
    public async Task StartFake() => _fake = await FakeAcsServer.StartAsync();

    [TearDown]
    public async Task StopFake() => await _fake.DisposeAsync();

    [Test]
    public async Task Send_APlainTextEmail_IsAcceptedWithTheExpectedJsonAndTheNotificationIdAsOperationId()
    {
        await using var host = AcsClientHost.For(_fake);
        var email = TestEmails.Create();

        var outcome = await host.SendAsync(email);

        Assert.That(outcome, Is.EqualTo(SendOutcome.Accepted(email.NotificationId.ToString("D"))));
        var request = _fake.Requests.Single();
        Assert.That(request.StatusCode, Is.EqualTo(202), request.Rejection);
        Assert.That(request.Target, Is.EqualTo("/emails:send?api-version=2023-03-31"));
        Assert.That(request.OperationId, Is.EqualTo(email.NotificationId.ToString("D")));
        Assert.That(request.Body, Is.EqualTo(
            "{\"senderAddress\":\"noreply@notifications.local\",\"content\":{\"subject\":\"Your notification\",\"plainText\":\"Hello, Ola.\"},"
            + "\"recipients\":{\"to\":[{\"address\":\"ola@example.com\",\"displayName\":\"Ola Nordmann\"}]},\"userEngagementTrackingDisabled\":true}"));
        Assert.That(_fake.EmailsCreated(email.NotificationId.ToString("D")), Is.EqualTo(1));
    }

    [Test]
    public async Task Send_AnHtmlEmailWithoutAName_SendsHtmlOnlyAndNoDisplayName()
    {
        await using var host = AcsClientHost.For(_fake);

        await host.SendAsync(TestEmails.Create(toName: null, body: "<p>Hei</p>", contentType: EmailContentType.Html));

        var email = _fake.Emails.Single();
        Assert.That(email.Html, Is.EqualTo("<p>Hei</p>"));
        Assert.That(email.Json["content"]!.AsObject().ContainsKey("plainText"), Is.False);
        Assert.That(email.Json["recipients"]!["to"]![0]!.AsObject().ContainsKey("displayName"), Is.False);
        Assert.That(email.To, Is.EqualTo(new[] { "ola@example.com" }));
    }

    [Test]
    public async Task Send_WithNorwegianLetters_IsSignedOverItsExactUtf8Bytes()
    {
        await using var host = AcsClientHost.For(_fake);

        var outcome = await host.SendAsync(TestEmails.Create(subject: "Blåbærsyltetøy", body: "Hei Åse, æøå ÆØÅ."));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Accepted), outcome.Reason);
        var request = _fake.Requests.Single();
        Assert.That(request.Body, Does.Contain("Blåbærsyltetøy").And.Contain("æøå ÆØÅ"));
        Assert.That(Encoding.UTF8.GetByteCount(request.Body), Is.GreaterThan(request.Body.Length));
        Assert.That(_fake.Emails.Single().PlainText, Is.EqualTo("Hei Åse, æøå ÆØÅ."));
    }

    [Test]
    public async Task Send_WithAConfiguredApiVersion_AsksForThatVersion()
    {
        await using var host = AcsClientHost.For(_fake, apiVersion: "2024-07-01-preview");

        await host.SendAsync(TestEmails.Create());

        Assert.That(_fake.Requests.Single().Target, Is.EqualTo("/emails:send?api-version=2024-07-01-preview"));
    }

    [Test]
    public async Task Send_SignedWithAnotherKey_IsDeniedAndFails()
    {
        await using var host = AcsClientHost.For(_fake, accessKey: Convert.ToBase64String(new byte[32]));

        var outcome = await host.SendAsync(TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed));
        Assert.That(outcome.Reason, Is.EqualTo("ACS answered HTTP 401 (Denied)"));
        Assert.That(_fake.Requests.Single().Rejection, Is.EqualTo("signature mismatch"));
        Assert.That(_fake.Emails, Is.Empty);
    }

    [Test]
    public async Task Send_Throttled_WithRetryAfter7_IsThrottledForSevenSeconds()
    {
        _fake.EnqueueSendAnswers(FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(7)));
        await using var host = AcsClientHost.For(_fake);

        var outcome = await host.SendAsync(TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Throttled));
        Assert.That(outcome.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public async Task Send_ThrottledWithoutRetryAfter_WaitsTheDefaultMinute()
    {
        _fake.EnqueueSendAnswers(FakeAcsAnswer.Throttled(retryAfter: null));
        await using var host = AcsClientHost.For(_fake);

        var outcome = await host.SendAsync(TestEmails.Create());

        Assert.That(outcome.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [TestCase(500)]
    [TestCase(503)]
    public async Task Send_AServerError_IsTransient(int status)
    {
        _fake.EnqueueSendAnswers(FakeAcsAnswer.ServerError(status));
        await using var host = AcsClientHost.For(_fake);

        var outcome = await host.SendAsync(TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
    }

    [Test]
    public async Task Send_WithAllRecipientsSuppressed_FailsAsSupressedRecipient()
    {
        _fake.EnqueueSendAnswers(FakeAcsAnswer.Error(400, "EmailDroppedAllRecipientsSuppressed"));
        await using var host = AcsClientHost.For(_fake);

        var outcome = await host.SendAsync(TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed_SupressedRecipient));
    }

    [Test]
    public async Task Send_ToAnAddressAcsCallsInvalid_FailsAsInvalidEmailFormatAndNeverLogsTheAddress()
    {
        await using var host = AcsClientHost.For(_fake);

        var outcome = await host.SendAsync(TestEmails.Create(to: "ola.nordmann.example.com"));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed_InvalidEmailFormat));
        Assert.That(outcome.Reason, Does.Not.Contain("ola.nordmann"));
        Assert.That(host.Logs.Select(l => l.Message), Has.None.Contains("ola.nordmann"));
    }

    [Test]
    public async Task Send_SlowerThanTheTimeout_IsTransient()
    {
        _fake.Latency = TimeSpan.FromSeconds(5);
        await using var host = AcsClientHost.For(_fake, timeoutSeconds: 1);

        var outcome = await host.SendAsync(TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(outcome.Reason, Does.Contain("within 1 s"));
    }

    [Test]
    public async Task Send_CancelledByTheCaller_Throws()
    {
        _fake.Latency = TimeSpan.FromSeconds(5);
        await using var host = AcsClientHost.For(_fake);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await host.SendAsync(TestEmails.Create(), cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Send_WhenNothingListens_IsTransient()
    {
        var gone = await FakeAcsServer.StartAsync();
        await gone.DisposeAsync();
        await using var host = AcsClientHost.For(gone);

        var outcome = await host.SendAsync(TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(outcome.Reason, Does.StartWith("ACS could not be reached"));
    }

    [Test]
    public async Task Send_RetriedAfter429And500_SendsTheSameOperationIdEveryTimeAndCreatesOneEmail()
    {
        _fake.EnqueueSendAnswers(FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(1)), FakeAcsAnswer.ServerError());
        await using var host = AcsClientHost.For(_fake);
        var email = TestEmails.Create();
        var id = email.NotificationId.ToString("D");

        var outcomes = new List<SendOutcomeKind>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // The fourth is a retry whose first answer was lost: ACS must not send the email twice.
            outcomes.Add((await host.SendAsync(email)).Kind);
        }

        Assert.That(outcomes, Is.EqualTo(new[] { SendOutcomeKind.Throttled, SendOutcomeKind.Transient, SendOutcomeKind.Accepted, SendOutcomeKind.Accepted }));
        Assert.That(_fake.Requests.Select(r => r.OperationId), Is.All.EqualTo(id));
        Assert.That(_fake.SendAttempts(id), Is.EqualTo(4));
        Assert.That(_fake.EmailsCreated(id), Is.EqualTo(1));
        Assert.That(_fake.Requests.Select(r => r.Rejection), Is.All.Null);
    }

    [Test]
    public async Task Send_Anything_NeverLogsAddressesOrTheAccessKey()
    {
        _fake.EnqueueSendAnswers(FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(3)), FakeAcsAnswer.Error(400, "EmailDroppedAllRecipientsSuppressed"));
        await using var host = AcsClientHost.For(_fake);

        for (var i = 0; i < 3; i++)
        {
            await host.SendAsync(TestEmails.Create(to: $"person{i}@example.com"));
        }

        var messages = host.Logs.Select(l => l.Message).ToList();
        Assert.That(messages, Has.Some.Contains("ACS"));
        Assert.That(messages, Has.None.Contains("@example.com").And.None.Contains(TestEmails.From).And.None.Contains(_fake.AccessKey));
    }
}
