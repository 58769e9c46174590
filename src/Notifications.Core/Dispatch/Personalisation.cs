using System.Text;
using System.Text.RegularExpressions;

namespace Notifications.Core.Dispatch;

/// <summary>
/// Fills <c>$recipientName$</c> and <c>$recipientNumber$</c> (docs/architecture.md#journey). Values in an Html body are
/// HTML-encoded; the subject is plain text and never encoded, but CR/LF in it become spaces (no header injection).
/// </summary>
public static class Personalisation
{
    public const string NameKeyword = "$recipientName$";

    public static OutgoingEmail Personalise(EmailClaim email)
    {
        var content = Content(email.Template, email.RecipientName, email.OrganizationNumber);
        return new(
            email.NotificationId,
            email.Template.FromAddress,
            email.EmailAddress,
            email.RecipientName,
            content.Subject,
            content.Body,
            email.Template.ContentType,
            // Attempts counts this claim too: more than one means the email was claimed, and perhaps sent, before.
            MayHaveBeenSent: email.Attempts > 1);
    }

    /// <summary>The subject and body one recipient gets: what the send path sends and the order preview shows.</summary>
    public static PersonalisedContent Content(EmailTemplate template, string? recipientName, string? organizationNumber) => new(
        Subject(template.Subject, recipientName, organizationNumber),
        Body(template.Body, template.ContentType, recipientName, organizationNumber));

    public static string Subject(string subject, string? recipientName, string? organizationNumber) =>
        Substitute(subject, recipientName ?? "", organizationNumber ?? "")
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\r', ' ')
            .Replace('\n', ' ');

    public static string Body(string body, EmailContentType contentType, string? recipientName, string? organizationNumber) =>
        contentType == EmailContentType.Html
            ? Substitute(body, HtmlEncode(recipientName ?? ""), HtmlEncode(organizationNumber ?? ""))
            : Substitute(body, recipientName ?? "", organizationNumber ?? "");

    /// <summary>Encodes the characters that carry meaning in HTML text and attributes; letters like æøå stay readable.</summary>
    public static string HtmlEncode(string value)
    {
        if (value.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return value;
        }

        var encoded = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return encoded.ToString();
    }

    // One pass over the template, so a substituted value (a name containing "$recipientNumber$") is never rescanned.
    private static readonly Regex Keywords = new(@"\$recipient(?:Name|Number)\$", RegexOptions.CultureInvariant);

    private static string Substitute(string text, string name, string number) =>
        text.Contains('$', StringComparison.Ordinal)
            ? Keywords.Replace(text, match => match.Value == NameKeyword ? name : number)
            : text;
}

public sealed record PersonalisedContent(string Subject, string Body);
