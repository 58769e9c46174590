using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.CreateOrderChain;

// The request's shape, property for property (docs/future-orders.md): validation errors are keyed by these names
// (Recipient.RecipientEmail.EmailSettings.Subject, Reminders[0].DelayDays), which are the JSON's in PascalCase.

/// <summary>Which channels a person or organisation is reached on. This service sends email only.</summary>
public enum ChannelSchema
{
    Email,
    Sms,
    EmailPreferred,
    SmsPreferred,
    EmailAndSms,
}

public sealed record RecipientPersonInput(
    string? NationalIdentityNumber,
    ChannelSchema? ChannelSchema,
    EmailSettingsInput? EmailSettings,
    bool IgnoreReservation = false,
    string? ResourceId = null,
    string? ResourceAction = null);

public sealed record RecipientOrganizationInput(
    string? OrgNumber,
    ChannelSchema? ChannelSchema,
    EmailSettingsInput? EmailSettings,
    string? ResourceId = null,
    string? ResourceAction = null);

public sealed record RecipientExternalIdentityInput(string? ExternalIdentity, ChannelSchema? ChannelSchema, EmailSettingsInput? EmailSettings);

/// <param name="RecipientSms">Whether the request held an SMS recipient (refused: this service sends email only).</param>
public sealed record ChainRecipientInput(
    RecipientEmailInput? RecipientEmail = null,
    RecipientPersonInput? RecipientPerson = null,
    RecipientOrganizationInput? RecipientOrganization = null,
    RecipientExternalIdentityInput? RecipientExternalIdentity = null,
    bool RecipientSms = false);

/// <param name="RequestedSendTime">As parsed from JSON: <see cref="DateTimeKind.Unspecified"/> means the client gave no zone.</param>
public sealed record ReminderInput(
    int? DelayDays = null,
    DateTime? RequestedSendTime = null,
    string? SendersReference = null,
    string? ConditionEndpoint = null,
    ChainRecipientInput? Recipient = null);
