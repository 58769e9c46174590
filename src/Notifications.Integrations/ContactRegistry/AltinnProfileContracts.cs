using System.Text.Json.Serialization;

namespace Notifications.Integrations.ContactRegistry;

// Wire shapes of Altinn Profile and Register (docs/architecture.md#contracts); camelCase (JsonSerializerDefaults.Web).
// Members we do not use (mobile numbers, user and party ids) are left out; unknown members are ignored.

internal sealed record UserContactPointLookupRequest(IReadOnlyList<string> NationalIdentityNumbers, bool UseStaleContactInfo);

internal sealed record UserContactPointsResponse(IReadOnlyList<UserContactPoint>? ContactPointsList);

internal sealed record UserContactPoint(string? NationalIdentityNumber, bool IsReserved, string? Email);

internal sealed record OrganizationContactPointLookupRequest(IReadOnlyList<string> OrganizationNumbers);

internal sealed record OrganizationContactPointsResponse(IReadOnlyList<OrganizationContactPoint>? ContactPointsList);

internal sealed record OrganizationContactPoint(string? OrganizationNumber, IReadOnlyList<string?>? EmailList);

internal sealed record PartyNamesLookupRequest(IReadOnlyList<PartyLookup> Parties);

/// <summary>One party to name: exactly one of <see cref="Ssn"/> and <see cref="OrgNo"/> is set; the other is omitted.</summary>
internal sealed record PartyLookup(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ssn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OrgNo);

internal sealed record PartyNamesLookupResponse(IReadOnlyList<PartyName>? PartyNames);

internal sealed record PartyName(string? Name, string? OrgNo, string? Ssn);
