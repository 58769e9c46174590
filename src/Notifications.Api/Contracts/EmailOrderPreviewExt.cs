namespace Notifications.Api.Contracts;

/// <summary>What an order would send now: nothing was stored or sent.</summary>
/// <param name="RecipientLookup">As registering the order would answer it; absent when every recipient is an email address.</param>
/// <param name="Emails">The first 20 emails the order would produce, in the order they would be created.</param>
/// <param name="TotalEmails">How many emails the order would produce now, unsendable ones (reserved, not identified) included.</param>
public sealed record EmailOrderPreviewExt(RecipientLookupResultExt? RecipientLookup, IReadOnlyList<EmailPreviewExt> Emails, int TotalEmails);

/// <summary>One email as it would be sent, personalised for its recipient.</summary>
/// <param name="Recipient">The address, and the organisation or person it was looked up for.</param>
/// <param name="ToAddress">Where it would go; absent when it would not be sent (see <c>status</c>).</param>
/// <param name="Subject">The subject with the keywords filled in.</param>
/// <param name="Body">The body with the keywords filled in (HTML-encoded values in an Html body).</param>
/// <param name="ContentType">Plain or Html.</param>
/// <param name="Status">The status the email would start in: <c>New</c> (to be sent), <c>Failed_RecipientReserved</c> or <c>Failed_RecipientNotIdentified</c>.</param>
public sealed record EmailPreviewExt(
    EmailRecipientExt Recipient,
    string? ToAddress,
    string Subject,
    string Body,
    EmailContentTypeExt ContentType,
    string Status);
