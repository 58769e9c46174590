namespace Notifications.Core.Domain;

/// <summary>One recipient of an order: exactly one of the identifiers is set.</summary>
public sealed record Recipient(string? EmailAddress = null, string? NationalIdentityNumber = null, string? OrganizationNumber = null)
{
    /// <summary>A key under which exact duplicates in one order collapse (email addresses compare case-insensitively).</summary>
    public string DeduplicationKey =>
        EmailAddress is not null ? "e:" + EmailAddress.ToLowerInvariant()
        : NationalIdentityNumber is not null ? "p:" + NationalIdentityNumber
        : "o:" + OrganizationNumber;
}
