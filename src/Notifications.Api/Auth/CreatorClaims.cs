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

        var bearer = user.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == JwtBearerDefaults.AuthenticationScheme);
        if (bearer is null)
        {
            return null;
        }

        var hasScope = bearer.FindAll(ScopeClaim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(RequiredScope, StringComparer.Ordinal);
        return hasScope && bearer.FindFirst(OrgClaim)?.Value is { Length: > 0 } org ? org : null;
    }

    /// <summary>For controllers behind the creator policy, where a creator is guaranteed.</summary>
    public static string RequireCreator(this ClaimsPrincipal user) =>
        user.GetCreator() ?? throw new InvalidOperationException("The creator policy let through a caller without a creator.");
}
