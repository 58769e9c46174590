using MimeKit;
using Notifications.Core.Domain;
using Notifications.Core.Ports;

namespace Notifications.Integrations.Tests.Email;

/// <summary>Outgoing emails for the provider tests.</summary>
public static class TestEmails
{
    public const string From = "noreply@notifications.local";

    public static OutgoingEmail Create(
        string to = "ola@example.com",
        string? toName = "Ola Nordmann",
        string subject = "Your notification",
        string body = "Hello, Ola.",
        EmailContentType contentType = EmailContentType.Plain,
        Guid? notificationId = null) =>
        new(notificationId ?? Guid.NewGuid(), From, to, toName, subject, body, contentType);

    /// <summary>The message's only part: the providers send single-part text messages.</summary>
    public static TextPart SinglePart(this MimeMessage message) =>
        message.Body as TextPart ?? throw new AssertionException($"Expected a single text part, got {message.Body?.ContentType.MimeType ?? "no body"}.");

    /// <summary>
    /// The body text with LF line breaks. An unencoded (7bit/8bit) part ends with a line break that the sender adds
    /// (SMTP's DATA must end with one); an encoded part round-trips exactly. The tests' bodies end without one.
    /// </summary>
    public static string BodyText(this MimeMessage message) => message.SinglePart().Text.ReplaceLineEndings("\n").TrimEnd('\n');
}
