namespace Notifications.Api.Contracts;

/// <summary>An order's email notifications and their send status.</summary>
public sealed record EmailNotificationSummaryExt(
    Guid OrderId,
    string? SendersReference,
    int Generated,
    int Succeeded,
    IAsyncEnumerable<EmailNotificationWithResultExt> Notifications);

/// <param name="Succeeded">True when the status is Succeeded or Delivered.</param>
public sealed record EmailNotificationWithResultExt(Guid Id, bool Succeeded, EmailRecipientExt Recipient, StatusExt SendStatus);

/// <summary>Who the email went to: the address, and the organisation or person it was looked up for.</summary>
public sealed record EmailRecipientExt(string? EmailAddress, string? OrganizationNumber, string? NationalIdentityNumber);
