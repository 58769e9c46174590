using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifications.Api.Tests.Http;

/// <summary>Keys the test hosts trust, and tokens signed with them (or deliberately not).</summary>
public static class TestTokens
{
    public const string BearerIssuer = "https://test.maskinporten.example/";
    public const string Scope = "altinn:serviceowner/notifications.create";

    /// <summary>Platform access token issuers the test hosts trust, each with its own key.</summary>
    public static readonly string[] PlatformIssuers = ["ttd", "digdir"];

    private static readonly JsonWebTokenHandler Handler = new();

    public static RSA BearerKey { get; } = RSA.Create(2048);

    public static RSA UntrustedKey { get; } = RSA.Create(2048);

    public static IReadOnlyDictionary<string, RSA> PlatformKeys { get; } =
        PlatformIssuers.ToDictionary(i => i, _ => RSA.Create(2048));

    public static string PublicPem(RSA key) => key.ExportSubjectPublicKeyInfoPem();

    public static string Bearer(string? org = "ttd", string? scope = Scope, string issuer = BearerIssuer, RSA? key = null,
        DateTime? expires = null, string algorithm = SecurityAlgorithms.RsaSha256, string? audience = null)
    {
        var claims = new Dictionary<string, object>();
        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        if (org is not null)
        {
            claims["urn:altinn:org"] = org;
        }

        return Sign(issuer, claims, key ?? BearerKey, expires, algorithm, audience);
    }

    public static string PlatformAccessToken(string issuer = "ttd", string app = "ttd/test-app", RSA? key = null, DateTime? expires = null) =>
        Sign(issuer, new Dictionary<string, object> { ["urn:altinn:app"] = app }, key ?? PlatformKeys[issuer], expires, SecurityAlgorithms.RsaSha256);

    /// <summary>A token with <c>alg: none</c>: correct claims, no signature.</summary>
    public static string AlgNone(string org = "ttd") =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BearerIssuer,
            Claims = new Dictionary<string, object> { ["scope"] = Scope, ["urn:altinn:org"] = org },
            Expires = DateTime.UtcNow.AddMinutes(10),
        });

    /// <summary>A valid token with one payload character changed, so the signature no longer matches.</summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"ttd\"", "\"tte\"");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private static string Sign(string issuer, Dictionary<string, object> claims, RSA key, DateTime? expires, string algorithm, string? audience = null)
    {
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddMinutes(10);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "test-client")]),
            Claims = claims,
            IssuedAt = expiry < now ? expiry.AddMinutes(-10) : now,
            NotBefore = expiry < now ? expiry.AddMinutes(-10) : now,
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), algorithm),
        });
    }
}
