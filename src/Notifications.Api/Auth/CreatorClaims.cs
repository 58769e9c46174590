using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Notifications.Api.Auth;

/// <summary>Who is calling: the organisation that owns the orders a request may create and see (README.md, API).</summary>
public static class CreatorClaims
{
    public const string RequiredScope = "altinn:serviceowner/notifications.create";
    public const string OrgClaim = "urn:altinn:org";
    public const string ScopeClaim = "scope";
    public const string IssuerClaim = "iss";

    /// <summary>
    /// A valid <c>PlatformAccessToken</c> names the creator by its issuer; otherwise a bearer token with the
    /// notifications scope names it by <c>urn:altinn:org</c>. Null when neither does.
    /// </summary>
    public static string? GetCreator(this ClaimsPrincipal user)
    {
        var platform = user.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == PlatformAccessTokenHandler.SchemeName);
        if (platform?.FindFirst(IssuerClaim)?.Value is { Length: > 0 } issuer)
        {
            return issuer;
        }

        var bearer = Bearer(user);
        return bearer is not null && HasScope(bearer) && Org(bearer) is { } org ? org : null;
    }

    /// <summary>Why <see cref="GetCreator"/> finds no creator, in the words of a 403's <c>detail</c>.</summary>
    public static string MissingCreatorReason(this ClaimsPrincipal user)
    {
        if (Bearer(user) is not { } bearer)
        {
            return "The token does not name a creator organisation.";
        }

        var reasons = new List<string>(2);
        if (!HasScope(bearer))
        {
            reasons.Add($"The token lacks the scope {RequiredScope}.");
        }

        if (Org(bearer) is null)
        {
            reasons.Add($"The token has no {OrgClaim} claim naming the creator organisation.");
        }

        return string.Join(" ", reasons);
    }

    /// <summary>For controllers behind the creator policy, where a creator is guaranteed.</summary>
    public static string RequireCreator(this ClaimsPrincipal user) =>
        user.GetCreator() ?? throw new InvalidOperationException("The creator policy let through a caller without a creator.");

    private static ClaimsIdentity? Bearer(ClaimsPrincipal user) =>
        user.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == JwtBearerDefaults.AuthenticationScheme);

    private static bool HasScope(ClaimsIdentity bearer) =>
        bearer.FindAll(ScopeClaim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(RequiredScope, StringComparer.Ordinal);

    private static string? Org(ClaimsIdentity bearer) => bearer.FindFirst(OrgClaim)?.Value is { Length: > 0 } org ? org : null;
}
