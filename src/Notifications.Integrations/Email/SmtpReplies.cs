using System.Text.RegularExpressions;
using MailKit.Net.Smtp;

namespace Notifications.Integrations.Email;

/// <summary>What an SMTP server's refusal means for the email (4xx transient, 5xx failed).</summary>
internal static partial class SmtpReplies
{
    public static SendOutcome Classify(SmtpCommandException e)
    {
        var code = (int)e.StatusCode;
        var enhanced = EnhancedStatusCode(e.Message);
        var reason = $"The SMTP server answered {code}{(enhanced is null ? string.Empty : $" {enhanced}")}.";

        // 530: we are not authenticated. That is our configuration, not the email; failing it would lose it.
        if (code is >= 400 and < 500 || e.StatusCode == SmtpStatusCode.AuthenticationRequired)
        {
            return SendOutcome.Transient(reason);
        }

        if (code is >= 500 and < 600)
        {
            return e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && IsAddressSyntaxError(code, enhanced)
                ? SendOutcome.Failed(EmailNotificationStatus.Failed_InvalidEmailFormat, reason)
                : SendOutcome.Failed(EmailNotificationStatus.Failed, reason);
        }

        // Not a definite refusal (an unexpected 2xx/3xx): let it be tried again.
        return SendOutcome.Transient(reason);
    }

    /// <summary>The RFC 3463 code (<c>5.1.3</c>) that starts the reply text, when the server sends one.</summary>
    public static string? EnhancedStatusCode(string replyText)
    {
        var match = EnhancedStatusCodePattern().Match(replyText);
        return match.Success ? match.Groups["code"].Value : null;
    }

    /// <summary>
    /// With an enhanced status code only X.1.3 ("bad destination mailbox address syntax") says so reliably; 553 is also
    /// used for relaying refusals (553 5.7.1). Without one, 553 ("mailbox name not allowed") and 501 (syntax error in
    /// parameters) in answer to RCPT TO are about the address.
    /// </summary>
    private static bool IsAddressSyntaxError(int code, string? enhanced) =>
        enhanced is not null ? enhanced.EndsWith(".1.3", StringComparison.Ordinal) : code is 553 or 501;

    [GeneratedRegex(@"^\s*(?<code>[245]\.\d{1,3}\.\d{1,3})(?=\s|$)")]
    private static partial Regex EnhancedStatusCodePattern();
}
