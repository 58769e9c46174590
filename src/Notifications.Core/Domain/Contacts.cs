namespace Notifications.Core.Domain;

/// <summary>A person's contact details in the contact registry.</summary>
public sealed record PersonContact(string NationalIdentityNumber, string? Name, string? Email, bool IsReserved);

/// <summary>An organisation's notification addresses in the contact registry.</summary>
public sealed record OrganizationContact(string OrganizationNumber, string? Name, IReadOnlyList<string> Emails);

/// <summary>What the contact registry knows about an order's persons and organisations; unknown numbers are absent.</summary>
public sealed record RecipientContacts(
    IReadOnlyDictionary<string, PersonContact> Persons,
    IReadOnlyDictionary<string, OrganizationContact> Organizations);
