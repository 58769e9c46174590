namespace Notifications.Api.Auth;

/// <summary>Bound from <c>Authentication</c>. Keys are PEM text or paths to PEM files (relative to the content root).</summary>
public sealed class AuthOptions
{
    public const string Section = "Authentication";

    public BearerTokenOptions Bearer { get; set; } = new();

    /// <summary>Trusted <c>PlatformAccessToken</c> issuers: issuer name → its public key.</summary>
    public Dictionary<string, string> PlatformAccessTokenIssuers { get; set; } = [];

    /// <summary>
    /// A PEM key that signs the tokens printed by <c>./run.sh token</c>. Honoured only in the Development
    /// environment: it is committed to the repository and therefore no secret.
    /// </summary>
    public string? DevelopmentKeyFile { get; set; }
}

public sealed class BearerTokenOptions
{
    /// <summary>OIDC discovery document of the token issuer (Maskinporten / Altinn in production).</summary>
    public string? MetadataAddress { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public List<string> ValidIssuers { get; set; } = [];

    /// <summary>When empty, the audience is not checked (Altinn exchanged tokens carry none of ours).</summary>
    public List<string> ValidAudiences { get; set; } = [];

    /// <summary>Public keys that sign bearer tokens, in addition to those in the metadata document.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>
    /// How long a validated token is remembered (never beyond its expiry) so that its signature is not checked again;
    /// 0 checks every request in full. At most an hour.
    /// </summary>
    public int CacheSeconds { get; set; } = 60;
}
