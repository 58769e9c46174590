namespace Notifications.Core.Domain;

/// <summary>
/// One email to one address, generated from an order at its send time. The recipient's name and organisation number
/// are kept for personalisation; a NIN is kept only to identify the recipient, never written into the email.
/// </summary>
public sealed record EmailNotification(
    Guid Id,
    Guid OrderId,
    string? EmailAddress,
    string? NationalIdentityNumber,
    string? OrganizationNumber,
    string? RecipientName,
    EmailNotificationStatus Status,
    DateTimeOffset StatusChanged,
    DateTimeOffset ExpiresAt);
