namespace Notifications.Api.Contracts;

/// <summary>An order for one email, personalised and sent to each recipient.</summary>
public sealed class EmailNotificationOrderRequestExt
{
    /// <summary>The subject; may contain the keywords <c>$recipientName$</c> and <c>$recipientNumber$</c>.</summary>
    public string? Subject { get; set; }

    /// <summary>The body in plain text or HTML; may contain <c>$recipientName$</c> and <c>$recipientNumber$</c>.</summary>
    public string? Body { get; set; }

    /// <summary>Plain (default) or Html.</summary>
    public EmailContentTypeExt? ContentType { get; set; }

    /// <summary>When to send, with a time zone. Default: now.</summary>
    public DateTime? RequestedSendTime { get; set; }

    /// <summary>The creator's own reference for the order, e.g. a case number.</summary>
    public string? SendersReference { get; set; }

    /// <summary>One or more recipients (at most 100,000), each with exactly one of email address, NIN or organisation number.</summary>
    /// <remarks>An <see cref="IList{T}"/>, not a <see cref="List{T}"/>, so the JSON reader can count while it reads: see <see cref="RecipientCountLimit"/>.</remarks>
    public IList<RecipientExt?>? Recipients { get; set; }

    /// <summary>The Altinn Resource Registry id the notifications relate to, e.g. <c>app_ttd_apps-test</c>.</summary>
    public string? ResourceId { get; set; }

    /// <summary>Whether the content justifies overriding KRR reservations of persons.</summary>
    public bool? IgnoreReservation { get; set; }

    /// <summary>A URL answering <c>{"sendNotification": bool}</c>, asked just before the order is sent.</summary>
    public string? ConditionEndpoint { get; set; }
}

/// <summary>A recipient: exactly one of the identifiers.</summary>
public sealed class RecipientExt
{
    public string? EmailAddress { get; set; }

    public string? MobileNumber { get; set; }

    public string? OrganizationNumber { get; set; }

    public string? NationalIdentityNumber { get; set; }

    /// <summary>Only in responses: whether the person was reserved at registration.</summary>
    public bool? IsReserved { get; set; }
}

public enum EmailContentTypeExt
{
    Plain,
    Html,
}
