using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Integrations.Email;
using Notifications.Testing.Email;

namespace Notifications.Integrations.Tests.Email;

/// <summary>The SMTP provider against a real SMTP server on loopback (<see cref="SmtpSink"/>).</summary>
public sealed class SmtpEmailProviderTests
{
    private SmtpSink _sink = null!;

    [SetUp]
    public async Task StartSink() => _sink = await SmtpSink.StartAsync();

    [TearDown]
    public async Task StopSink() => await _sink.DisposeAsync();

    [Test]
    public async Task Send_ToTheServer_DeliversHeadersAndBody()
    {
        var email = TestEmails.Create(subject: "Din melding", body: "Hei Ola,\nhei på deg.");

        var outcome = await SendOneAsync(Provider(), email);

        Assert.That(outcome, Is.EqualTo(SendOutcome.Accepted()));
        var received = _sink.Messages().Single();
        Assert.That(received.MailFrom, Is.EqualTo(TestEmails.From));
        Assert.That(received.RcptTos, Is.EqualTo(new[] { "ola@example.com" }));
        var message = received.Message;
        Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo(TestEmails.From));
        Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("ola@example.com"));
        Assert.That(message.To.Mailboxes.Single().Name, Is.EqualTo("Ola Nordmann"));
        Assert.That(message.Subject, Is.EqualTo("Din melding"));
        Assert.That(message.SinglePart().IsPlain, Is.True);
        Assert.That(message.SinglePart().ContentType.Charset, Is.EqualTo("utf-8"));
        Assert.That(message.BodyText(), Is.EqualTo("Hei Ola,\nhei på deg."));
    }

    [Test]
    public async Task Send_ToAnAddressWithNorwegianLetters_ArrivesWithTheAddressIntact()
    {
        var outcome = await SendOneAsync(Provider(), TestEmails.Create(to: "ærlig.øst@blåbær.no", toName: "Åse Æsøy", subject: "Blåbærsyltetøy"));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        var received = _sink.Messages().Single();
        Assert.That(received.RcptTos, Is.EqualTo(new[] { "ærlig.øst@blåbær.no" }));
        Assert.That(received.Message.To.Mailboxes.Single().Name, Is.EqualTo("Åse Æsøy"));
        Assert.That(received.Message.Subject, Is.EqualTo("Blåbærsyltetøy"));
    }

    [Test]
    public async Task Send_HtmlEmail_DeliversATextHtmlBody()
    {
        var outcome = await SendOneAsync(Provider(), TestEmails.Create(body: "<p>Hei <b>Ola</b></p>", contentType: EmailContentType.Html));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        var message = _sink.Messages().Single().Message;
        Assert.That(message.SinglePart().IsHtml, Is.True);
        Assert.That(message.BodyText(), Is.EqualTo("<p>Hei <b>Ola</b></p>"));
    }

    [Test]
    public async Task Send_TheSameNotificationTwice_CarriesTheSameMessageIdDerivedFromTheNotificationId()
    {
        var email = TestEmails.Create();
        await SendOneAsync(Provider(), email);
        await SendOneAsync(Provider(), email);

        var ids = _sink.Messages().Select(m => m.Message.MessageId).ToList();
        Assert.That(ids, Is.EqualTo(new[] { $"{email.NotificationId:N}@notifications", $"{email.NotificationId:N}@notifications" }));
    }

    [Test]
    public async Task Send_SeveralEmailsInOneSession_UsesOneConnectionAndClosesItOnDispose()
    {
        await using (var session = await Provider().OpenSessionAsync(CancellationToken.None))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.That((await session.SendAsync(TestEmails.Create(to: $"user{i}@example.com"), CancellationToken.None)).Kind, Is.EqualTo(SendOutcomeKind.Accepted));
            }

            Assert.That(_sink.ConnectionsOpened, Is.EqualTo(1));
        }

        Assert.That(_sink.Messages().Select(m => m.Connection).Distinct().Count(), Is.EqualTo(1));
        await _sink.WaitForClosedConnectionsAsync(1);
    }

    [Test]
    public async Task OpenSession_DoesNotConnectBeforeTheFirstSend()
    {
        await using var session = await Provider().OpenSessionAsync(CancellationToken.None);

        Assert.That(_sink.ConnectionsOpened, Is.Zero);
    }

    [Test]
    public async Task Send_WhenTheServerAnswers450_IsTransientAndTheSessionGoesOn()
    {
        await using var session = await Provider().OpenSessionAsync(CancellationToken.None);

        var busy = await session.SendAsync(TestEmails.Create(to: "tempfail@example.com"), CancellationToken.None);
        var next = await session.SendAsync(TestEmails.Create(), CancellationToken.None);

        Assert.That(busy.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(busy.Reason, Does.Contain("450"));
        Assert.That(next.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(_sink.Messages(), Has.Count.EqualTo(1));
        Assert.That(_sink.ConnectionsOpened, Is.EqualTo(1));
    }

    [Test]
    public async Task Send_WhenTheServerAnswers550_IsFailedAndTheSessionGoesOn()
    {
        await using var session = await Provider().OpenSessionAsync(CancellationToken.None);

        var rejected = await session.SendAsync(TestEmails.Create(to: "reject@example.com"), CancellationToken.None);
        var next = await session.SendAsync(TestEmails.Create(), CancellationToken.None);

        Assert.That(rejected.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(rejected.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed));
        Assert.That(rejected.Reason, Does.Contain("550 5.1.1"));
        Assert.That(next.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(_sink.Messages(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Send_WhenTheServerRejectsTheAddressSyntax_IsFailedInvalidEmailFormat()
    {
        var outcome = await SendOneAsync(Provider(), TestEmails.Create(to: "badsyntax@example.com"));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed_InvalidEmailFormat));
    }

    [Test]
    public async Task Send_ToAMalformedAddress_IsFailedInvalidEmailFormatWithoutConnecting()
    {
        var outcome = await SendOneAsync(Provider(), TestEmails.Create(to: "a@b.com;c@d.com"));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed_InvalidEmailFormat));
        Assert.That(_sink.ConnectionsOpened, Is.Zero);
    }

    [Test]
    public async Task Send_WhenNoServerIsListening_IsTransient()
    {
        var outcome = await SendOneAsync(Provider(port: SmtpSink.FreePort()), TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
    }

    [Test]
    public async Task Send_AfterTheServerClosedAnIdleConnection_Reconnects()
    {
        await using var idleSink = await SmtpSink.StartAsync(idleTimeoutSeconds: 1);
        await using var session = await Provider(port: idleSink.Port).OpenSessionAsync(CancellationToken.None);

        var first = await session.SendAsync(TestEmails.Create(), CancellationToken.None);
        await idleSink.WaitForClosedConnectionsAsync(1);
        var second = await session.SendAsync(TestEmails.Create(), CancellationToken.None);

        Assert.That(first.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(second.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(idleSink.ConnectionsOpened, Is.EqualTo(2));
        Assert.That(idleSink.Messages().Select(m => m.Connection).Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task Send_WhileTheServerIsDown_IsTransientAndTheSameSessionReconnectsWhenItIsBack()
    {
        await using var session = await Provider().OpenSessionAsync(CancellationToken.None);
        var before = await session.SendAsync(TestEmails.Create(), CancellationToken.None);

        await _sink.StopAsync();
        var whileDown = await session.SendAsync(TestEmails.Create(), CancellationToken.None);
        await using var restarted = await SmtpSink.StartAsync(port: _sink.Port);
        var after = await session.SendAsync(TestEmails.Create(), CancellationToken.None);

        Assert.That(before.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(whileDown.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(after.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(restarted.Messages(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Send_WithSecurityNone_WorksAgainstAPlainServer()
    {
        var outcome = await SendOneAsync(Provider(security: SecureSocketOptions.None), TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(_sink.Messages(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Send_WithStartTlsAgainstAServerWithoutIt_IsTransientAndSendsNothing()
    {
        var outcome = await SendOneAsync(Provider(security: SecureSocketOptions.StartTls), TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(_sink.Messages(), Is.Empty);
    }

    [Test]
    public async Task Send_WithAUserAndSecurityNoneOnLoopback_Authenticates()
    {
        await using var authSink = await SmtpSink.StartAsync(auth: "mailer:s3cret");

        var outcome = await SendOneAsync(Provider(port: authSink.Port, security: SecureSocketOptions.None, user: "mailer", password: "s3cret"), TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(authSink.Messages().Single().Authenticated, Is.True);
    }

    [Test]
    public async Task Send_WithAUserAndAutoAgainstAServerWithoutStartTls_IsTransientAndNeverLogsIn()
    {
        await using var authSink = await SmtpSink.StartAsync(auth: "mailer:s3cret");

        var outcome = await SendOneAsync(Provider(port: authSink.Port, security: SecureSocketOptions.Auto, user: "mailer", password: "s3cret"), TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(authSink.Messages(), Is.Empty);
    }

    [TestCase(SecureSocketOptions.Auto, 587, null, SecureSocketOptions.Auto)]
    [TestCase(SecureSocketOptions.Auto, 587, "mailer", SecureSocketOptions.StartTls)]
    [TestCase(SecureSocketOptions.Auto, 25, "mailer", SecureSocketOptions.StartTls)]
    [TestCase(SecureSocketOptions.Auto, 465, "mailer", SecureSocketOptions.SslOnConnect)]
    [TestCase(SecureSocketOptions.None, 25, "mailer", SecureSocketOptions.None)]
    [TestCase(SecureSocketOptions.StartTlsWhenAvailable, 25, null, SecureSocketOptions.StartTlsWhenAvailable)]
    public void EffectiveSecurity_WithAUser_NeverFallsBackToPlainText(SecureSocketOptions security, int port, string? user, SecureSocketOptions expected) =>
        Assert.That(new SmtpOptions { Host = "mail.example.com", Port = port, Security = security, User = user }.EffectiveSecurity, Is.EqualTo(expected));

    [Test]
    public async Task Send_WithAWrongPassword_IsTransient()
    {
        await using var authSink = await SmtpSink.StartAsync(auth: "mailer:s3cret");

        var outcome = await SendOneAsync(Provider(port: authSink.Port, security: SecureSocketOptions.None, user: "mailer", password: "wrong"), TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(authSink.Messages(), Is.Empty);
    }

    private SmtpEmailProvider Provider(int? port = null, SecureSocketOptions security = SecureSocketOptions.Auto, string? user = null, string? password = null) =>
        new(
            new SmtpOptions { Host = "127.0.0.1", Port = port ?? _sink.Port, Security = security, User = user, Password = password, TimeoutSeconds = 5 },
            TimeProvider.System,
            NullLogger<SmtpEmailProvider>.Instance);

    private static async Task<SendOutcome> SendOneAsync(IEmailProvider provider, OutgoingEmail email)
    {
        await using var session = await provider.OpenSessionAsync(CancellationToken.None);
        return await session.SendAsync(email, CancellationToken.None);
    }
}
