using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Integrations.Email;

namespace Notifications.Integrations.Tests.Email;

public sealed class PickupEmailProviderTests
{
    private string _root = null!;
    private string _directory = null!;

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), $"pickup-{Guid.NewGuid():N}");
        _directory = Path.Combine(_root, "outbox");
    }

    [TearDown]
    public void DeleteRoot()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public async Task Send_WritesAParseableEmlNamedAfterTheNotificationId()
    {
        var email = TestEmails.Create(subject: "Your notification", body: "Hello, Ola.\nSee you.");

        var outcome = await SendAsync(email);

        Assert.That(outcome, Is.EqualTo(SendOutcome.Accepted()));
        var path = Path.Combine(_directory, $"{email.NotificationId:D}.eml");
        Assert.That(Directory.GetFiles(_directory), Is.EqualTo(new[] { path }));
        var message = await MimeMessage.LoadAsync(path);
        Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo(TestEmails.From));
        Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("ola@example.com"));
        Assert.That(message.To.Mailboxes.Single().Name, Is.EqualTo("Ola Nordmann"));
        Assert.That(message.Subject, Is.EqualTo("Your notification"));
        Assert.That(message.MessageId, Is.EqualTo($"{email.NotificationId:N}@notifications"));
        Assert.That(message.Date, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(message.SinglePart().IsPlain, Is.True);
        Assert.That(message.SinglePart().ContentType.Charset, Is.EqualTo("utf-8"));
        Assert.That(message.BodyText(), Is.EqualTo("Hello, Ola.\nSee you."));
    }

    [Test]
    public async Task Send_WritesCrLfLineEndingsAsRfc5322Requires()
    {
        var email = TestEmails.Create(body: "one\ntwo");

        await SendAsync(email);

        var text = await File.ReadAllTextAsync(Path.Combine(_directory, $"{email.NotificationId:D}.eml"));
        Assert.That(text, Does.Contain("\r\n"));
        Assert.That(text.Replace("\r\n", string.Empty), Does.Not.Contain('\n'));
    }

    [Test]
    public async Task Send_HtmlEmail_WritesATextHtmlBody()
    {
        var email = TestEmails.Create(body: "<p>Hello <b>Ola</b></p>", contentType: EmailContentType.Html);

        await SendAsync(email);

        var message = await MimeMessage.LoadAsync(Path.Combine(_directory, $"{email.NotificationId:D}.eml"));
        Assert.That(message.SinglePart().IsHtml, Is.True);
        Assert.That(message.BodyText(), Is.EqualTo("<p>Hello <b>Ola</b></p>"));
    }

    [Test]
    public async Task Send_WithNorwegianLetters_RoundTripsSubjectBodyAndName()
    {
        var email = TestEmails.Create(toName: "Åse Æsøy", subject: "Blåbærsyltetøy på øya", body: "Kjære Åse,\nhar du sett blåbærene?");

        await SendAsync(email);

        var path = Path.Combine(_directory, $"{email.NotificationId:D}.eml");
        var message = await MimeMessage.LoadAsync(path);
        Assert.That(message.Subject, Is.EqualTo("Blåbærsyltetøy på øya"));
        Assert.That(message.To.Mailboxes.Single().Name, Is.EqualTo("Åse Æsøy"));
        Assert.That(message.BodyText(), Is.EqualTo("Kjære Åse,\nhar du sett blåbærene?"));

        // RFC 5322 files are 7-bit: headers are RFC 2047 encoded, the body has a transfer encoding.
        Assert.That((await File.ReadAllBytesAsync(path)).All(b => b < 128), Is.True);
    }

    [Test]
    public async Task Send_LeavesNoTemporaryFiles()
    {
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(TestEmails.Create());
        }

        var files = Directory.GetFiles(_directory).Select(Path.GetFileName);
        Assert.That(files, Has.Exactly(3).Items);
        Assert.That(files, Has.All.Matches<string>(f => f.EndsWith(".eml", StringComparison.Ordinal) && !f.StartsWith('.')));
    }

    [Test]
    public async Task Send_TheSameNotificationAgain_AcceptsWithoutRewritingTheFile()
    {
        var email = TestEmails.Create(subject: "First attempt");
        await SendAsync(email);
        var path = Path.Combine(_directory, $"{email.NotificationId:D}.eml");
        var written = await File.ReadAllBytesAsync(path);
        var writtenAt = File.GetLastWriteTimeUtc(path);

        var retry = await SendAsync(email with { Subject = "Second attempt" });

        Assert.That(retry, Is.EqualTo(SendOutcome.Accepted()));
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(written));
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(writtenAt));
        Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Send_AfterACrashLeftATemporaryFile_WritesTheEmailAndRemovesIt()
    {
        var email = TestEmails.Create();
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, $".{email.NotificationId:D}.tmp"), "half an ema");

        var outcome = await SendAsync(email);

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(Directory.GetFiles(_directory).Select(Path.GetFileName), Is.EqualTo(new[] { $"{email.NotificationId:D}.eml" }));
        Assert.That((await MimeMessage.LoadAsync(Path.Combine(_directory, $"{email.NotificationId:D}.eml"))).MessageId, Is.EqualTo($"{email.NotificationId:N}@notifications"));
    }

    [Test]
    public async Task Send_WhenTheDirectoryIsMissing_CreatesIt()
    {
        _directory = Path.Combine(_root, "not", "there", "yet");

        var outcome = await SendAsync(TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Accepted));
        Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Send_WhenTheDirectoryCannotBeCreated_IsTransient()
    {
        // A file where a directory should be fails for every user, root included.
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "a-file");
        await File.WriteAllTextAsync(file, "in the way");
        _directory = Path.Combine(file, "outbox");

        var outcome = await SendAsync(TestEmails.Create());

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
    }

    [Test]
    public async Task Send_ToAMalformedAddress_IsFailedInvalidEmailFormatAndWritesNothing()
    {
        var outcome = await SendAsync(TestEmails.Create(to: "user@exa mple..com"));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed_InvalidEmailFormat));
        Assert.That(Directory.Exists(_directory) ? Directory.GetFiles(_directory) : [], Is.Empty);
    }

    [Test]
    public void Provider_ReportsNoDeliveries()
    {
        Assert.That(Provider().ReportsDelivery, Is.False);
    }

    private PickupEmailProvider Provider() => new(_directory, TimeProvider.System, NullLogger<PickupEmailProvider>.Instance);

    private async Task<SendOutcome> SendAsync(OutgoingEmail email)
    {
        await using var session = await Provider().OpenSessionAsync(CancellationToken.None);
        return await session.SendAsync(email, CancellationToken.None);
    }
}
