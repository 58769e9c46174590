namespace Notifications.Core.Domain;

/// <summary>A person's contact details in the contact registry.</summary>
public sealed record PersonContact(string NationalIdentityNumber, string? Name, string? Email, bool IsReserved);

/// <summary>An organisation's notification addresses in the contact registry.</summary>
public sealed record OrganizationContact(string OrganizationNumber, string? Name, IReadOnlyList<string> Emails);
