using MailKit.Net.Smtp;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Integrations.Email;

namespace Notifications.Integrations.Tests.Email;

/// <summary>
/// Replies that the sink does not produce. MailKit's exception carries the reply text without the status code, as
/// these do.
/// </summary>
public sealed class SmtpRepliesTests
{
    [TestCase(SmtpErrorCode.RecipientNotAccepted, 450, "4.2.0 Mailbox busy")]
    [TestCase(SmtpErrorCode.RecipientNotAccepted, 451, "4.3.0 Try again later")]
    [TestCase(SmtpErrorCode.SenderNotAccepted, 421, "4.4.2 Timeout exceeded")]
    [TestCase(SmtpErrorCode.MessageNotAccepted, 452, "4.3.1 Insufficient system storage")]
    [TestCase(SmtpErrorCode.SenderNotAccepted, 530, "5.7.0 Authentication required")]
    public void Classify_TemporaryOrOurOwnProblem_IsTransient(SmtpErrorCode errorCode, int statusCode, string text)
    {
        var outcome = SmtpReplies.Classify(new SmtpCommandException(errorCode, (SmtpStatusCode)statusCode, text));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(outcome.Reason, Does.Contain(statusCode.ToString()));
    }

    [TestCase(SmtpErrorCode.RecipientNotAccepted, 550, "5.1.1 No such user")]
    [TestCase(SmtpErrorCode.RecipientNotAccepted, 553, "5.7.1 Relaying denied")]
    [TestCase(SmtpErrorCode.RecipientNotAccepted, 550, "Mailbox unavailable")]
    [TestCase(SmtpErrorCode.SenderNotAccepted, 553, "5.1.8 Sender address rejected")]
    [TestCase(SmtpErrorCode.SenderNotAccepted, 501, "Syntax error in parameters")]
    [TestCase(SmtpErrorCode.MessageNotAccepted, 552, "5.3.4 Message too big")]
    [TestCase(SmtpErrorCode.MessageNotAccepted, 554, "5.7.1 Spam")]
    public void Classify_PermanentRefusal_IsFailed(SmtpErrorCode errorCode, int statusCode, string text)
    {
        var outcome = SmtpReplies.Classify(new SmtpCommandException(errorCode, (SmtpStatusCode)statusCode, text));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed));
    }

    [TestCase(553, "5.1.3 Bad recipient address syntax")]
    [TestCase(501, "5.1.3 Bad recipient address syntax")]
    [TestCase(553, "Mailbox name not allowed")]
    [TestCase(501, "Syntax error in parameters or arguments")]
    public void Classify_RecipientAddressSyntaxRefusal_IsFailedInvalidEmailFormat(int statusCode, string text)
    {
        var outcome = SmtpReplies.Classify(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, (SmtpStatusCode)statusCode, text));

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed_InvalidEmailFormat));
    }

    [TestCase("5.1.1 No such user", "5.1.1")]
    [TestCase("  4.2.0 Mailbox busy", "4.2.0")]
    [TestCase("No such user", null)]
    [TestCase("5.1.1", "5.1.1")]
    [TestCase("5.1.10x", null)]
    public void EnhancedStatusCode_IsReadFromTheStartOfTheReply(string text, string? expected)
    {
        Assert.That(SmtpReplies.EnhancedStatusCode(text), Is.EqualTo(expected));
    }
}
