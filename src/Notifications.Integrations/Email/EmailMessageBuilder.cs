using System.Diagnostics.CodeAnalysis;
using System.Text;
using MimeKit;

namespace Notifications.Integrations.Email;

/// <summary>Turns an <see cref="OutgoingEmail"/> into the MIME message that the Pickup and SMTP providers send.</summary>
public static class EmailMessageBuilder
{
    /// <summary>
    /// The <c>Message-ID</c> (without angle brackets) for a notification. It is the same on every retry, so a receiver
    /// or a person reading the outbox can recognise a duplicate that a crash between send and commit produced.
    /// </summary>
    public static string MessageIdFor(Guid notificationId) => $"{notificationId:N}@notifications";

    /// <summary>
    /// Builds the message, or says why it cannot be built: a malformed recipient address is the recipient's problem
    /// (<see cref="EmailNotificationStatus.Failed_InvalidEmailFormat"/>), a malformed sender address is ours.
    /// </summary>
    public static bool TryBuild(
        OutgoingEmail email,
        DateTimeOffset now,
        [NotNullWhen(true)] out MimeMessage? message,
        [NotNullWhen(false)] out SendOutcome? failure)
    {
        message = null;
        failure = null;
        MailboxAddress to;
        MailboxAddress from;
        try
        {
            to = new MailboxAddress(Encoding.UTF8, email.ToName ?? string.Empty, email.ToAddress);
        }
        catch (ParseException)
        {
            failure = SendOutcome.Failed(EmailNotificationStatus.Failed_InvalidEmailFormat, "The recipient address is malformed.");
            return false;
        }

        try
        {
            from = MailboxAddress.Parse(email.FromAddress);
        }
        catch (ParseException)
        {
            failure = SendOutcome.Failed(EmailNotificationStatus.Failed, "The sender address is malformed.");
            return false;
        }

        var body = new TextPart(email.ContentType == EmailContentType.Html ? "html" : "plain");
        body.SetText(Encoding.UTF8, email.Body);
        message = new MimeMessage
        {
            MessageId = MessageIdFor(email.NotificationId),
            Date = now,
            Subject = email.Subject,
            Body = body,
        };
        message.From.Add(from);
        message.To.Add(to);
        return true;
    }
}
