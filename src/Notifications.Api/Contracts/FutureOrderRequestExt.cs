namespace Notifications.Api.Contracts;

/// <summary>An order chain: one main shipment and optional reminders, each sent as its own shipment.</summary>
public sealed class NotificationOrderChainRequestExt
{
    /// <summary>The caller's id for this order: the same id with the same body returns the first order (200).</summary>
    public string? IdempotencyId { get; set; }

    /// <summary>The caller's reference for the main shipment, e.g. a case number.</summary>
    public string? SendersReference { get; set; }

    /// <summary>When to send the main shipment, with a time zone. Default: now.</summary>
    public DateTime? RequestedSendTime { get; set; }

    /// <summary>A URL answering <c>{"sendNotification": bool}</c>, asked just before the main shipment is sent.</summary>
    public string? ConditionEndpoint { get; set; }

    /// <summary>Dialogporten identifiers: stored and returned, no behaviour.</summary>
    public DialogportenIdentifiersExt? DialogportenAssociation { get; set; }

    /// <summary>The main shipment's recipient: exactly one of the recipient kinds.</summary>
    public NotificationRecipientExt? Recipient { get; set; }

    /// <summary>At most 10 reminders, each its own shipment.</summary>
    public IList<NotificationReminderExt?>? Reminders { get; set; }
}

public sealed class DialogportenIdentifiersExt
{
    public string? DialogId { get; set; }

    public string? TransmissionId { get; set; }
}

/// <summary>A reminder: sent <c>delayDays</c> after the main shipment's send time, or at its own <c>requestedSendTime</c>.</summary>
public sealed class NotificationReminderExt
{
    /// <summary>Days after the main shipment's requested send time (1 to 365). Give this or <c>requestedSendTime</c>.</summary>
    public int? DelayDays { get; set; }

    /// <summary>When to send the reminder, with a time zone. Give this or <c>delayDays</c>.</summary>
    public DateTime? RequestedSendTime { get; set; }

    public string? SendersReference { get; set; }

    /// <summary>Asked just before the reminder is sent: <c>{"sendNotification": false}</c> stops it (SendConditionNotMet).</summary>
    public string? ConditionEndpoint { get; set; }

    public NotificationRecipientExt? Recipient { get; set; }
}

/// <summary>Exactly one recipient kind. <c>recipientSms</c> is refused: this service sends email only.</summary>
public sealed class NotificationRecipientExt
{
    public RecipientEmailExt? RecipientEmail { get; set; }

    /// <summary>Refused with 400: this service sends email only.</summary>
    public RecipientSmsExt? RecipientSms { get; set; }

    public RecipientPersonExt? RecipientPerson { get; set; }

    public RecipientOrganizationExt? RecipientOrganization { get; set; }

    /// <summary>Only <c>urn:altinn:person:idporten-email:{address}</c> identities can be reached by email.</summary>
    public RecipientExternalIdentityExt? RecipientExternalIdentity { get; set; }
}

public sealed class RecipientEmailExt
{
    public string? EmailAddress { get; set; }

    public EmailSendingOptionsExt? EmailSettings { get; set; }
}

/// <summary>Accepted in the request's shape only to be refused: this service sends email only.</summary>
public sealed class RecipientSmsExt
{
    public string? PhoneNumber { get; set; }

    public SmsSendingOptionsExt? SmsSettings { get; set; }
}

public sealed class RecipientPersonExt
{
    /// <summary>11 digits.</summary>
    public string? NationalIdentityNumber { get; set; }

    /// <summary>Email, EmailPreferred or SmsPreferred (all mean email here); Sms and EmailAndSms are refused.</summary>
    public NotificationChannelExt? ChannelSchema { get; set; }

    public EmailSendingOptionsExt? EmailSettings { get; set; }

    /// <summary>Accepted and ignored.</summary>
    public SmsSendingOptionsExt? SmsSettings { get; set; }

    /// <summary>Whether the content justifies overriding the person's KRR reservation.</summary>
    public bool? IgnoreReservation { get; set; }

    /// <summary><c>urn:altinn:resource:{id}</c>.</summary>
    public string? ResourceId { get; set; }

    public string? ResourceAction { get; set; }

    /// <summary>Accepted and ignored.</summary>
    public bool? UseStaleContactInformation { get; set; }
}

public sealed class RecipientOrganizationExt
{
    /// <summary>9 digits.</summary>
    public string? OrgNumber { get; set; }

    /// <summary>Email, EmailPreferred or SmsPreferred (all mean email here); Sms and EmailAndSms are refused.</summary>
    public NotificationChannelExt? ChannelSchema { get; set; }

    public EmailSendingOptionsExt? EmailSettings { get; set; }

    /// <summary>Accepted and ignored.</summary>
    public SmsSendingOptionsExt? SmsSettings { get; set; }

    /// <summary><c>urn:altinn:resource:{id}</c>.</summary>
    public string? ResourceId { get; set; }

    public string? ResourceAction { get; set; }
}

public sealed class RecipientExternalIdentityExt
{
    /// <summary><c>urn:altinn:person:idporten-email:{address}</c>.</summary>
    public string? ExternalIdentity { get; set; }

    public NotificationChannelExt? ChannelSchema { get; set; }

    public EmailSendingOptionsExt? EmailSettings { get; set; }

    /// <summary>Accepted and ignored.</summary>
    public SmsSendingOptionsExt? SmsSettings { get; set; }
}

public sealed class EmailSendingOptionsExt
{
    /// <summary>The sender; must be in <c>Email:AllowedSenderDomains</c> when that is set. Default: the service's sender.</summary>
    public string? SenderEmailAddress { get; set; }

    /// <summary>May contain <c>$recipientName$</c> and <c>$recipientNumber$</c>.</summary>
    public string? Subject { get; set; }

    /// <summary>May contain <c>$recipientName$</c> and <c>$recipientNumber$</c>.</summary>
    public string? Body { get; set; }

    /// <summary>Plain (default) or Html.</summary>
    public EmailContentTypeExt? ContentType { get; set; }

    /// <summary>Anytime (default); email has no other policy.</summary>
    public SendingTimePolicyExt? SendingTimePolicy { get; set; }
}

/// <summary>SMS settings are accepted in the request's shape and ignored: this service sends email only.</summary>
public sealed class SmsSendingOptionsExt
{
    public string? Sender { get; set; }

    public string? Body { get; set; }

    public SendingTimePolicyExt? SendingTimePolicy { get; set; }
}

public enum NotificationChannelExt
{
    Email,
    Sms,
    EmailPreferred,
    SmsPreferred,
    EmailAndSms,
}

public enum SendingTimePolicyExt
{
    Anytime,
    Daytime,
}
