namespace Notifications.Core.Domain;

public enum RecipientLookupStatus
{
    Success,
    PartialSuccess,
    Failed,
}

/// <summary>What the contact registry said about the order's persons and organisations at registration.</summary>
public sealed record RecipientLookupResult(
    RecipientLookupStatus Status,
    IReadOnlyList<string> IsReserved,
    IReadOnlyList<string> MissingContact);
