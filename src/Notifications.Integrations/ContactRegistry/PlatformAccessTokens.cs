using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifications.Integrations.ContactRegistry;

/// <summary>
/// The <c>PlatformAccessToken</c> for calls to Register. Altinn's tokens live minutes, so a pasted one soon expires:
/// with <see cref="ContactRegistryOptions.PlatformAccessTokenSigningKey"/> the service mints its own (issuer
/// <see cref="Issuer"/>, app <see cref="App"/>, valid <see cref="Lifetime"/>) and reuses it until
/// <see cref="RenewBefore"/> its expiry. Otherwise the static <see cref="ContactRegistryOptions.PlatformAccessToken"/>.
/// </summary>
public sealed class PlatformAccessTokens
{
    public const string Issuer = "platform";
    public const string App = "notifications";
    public const string AppClaim = "urn:altinn:app";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private static readonly JsonWebTokenHandler Handler = new();

    private readonly SigningCredentials? _credentials;
    private readonly string? _static;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private (string Token, DateTimeOffset Expires)? _minted;

    public PlatformAccessTokens(IOptions<ContactRegistryOptions> options, TimeProvider clock, string contentRoot)
    {
        _clock = clock;
        var key = options.Value.PlatformAccessTokenSigningKey;
        _credentials = string.IsNullOrWhiteSpace(key) ? null : LoadCredentials(key, contentRoot);
        _static = string.IsNullOrWhiteSpace(options.Value.PlatformAccessToken) ? null : options.Value.PlatformAccessToken;
    }

    /// <summary>The token to send now, or null when none is configured.</summary>
    public string? Current()
    {
        if (_credentials is null)
        {
            return _static;
        }

        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (_minted is not { } minted || now >= minted.Expires - RenewBefore)
            {
                minted = (Mint(_credentials, now), now + Lifetime);
                _minted = minted;
            }

            return minted.Token;
        }
    }

    private static string Mint(SigningCredentials credentials, DateTimeOffset now) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            Claims = new Dictionary<string, object> { [AppClaim] = App },
            SigningCredentials = credentials,
        });

    private static SigningCredentials LoadCredentials(string keyOrPath, string contentRoot)
    {
        var pem = keyOrPath.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal)
            ? keyOrPath
            : File.ReadAllText(Path.GetFullPath(keyOrPath, contentRoot));
        if (pem.Contains("CERTIFICATE", StringComparison.Ordinal))
        {
            // The certificate names the key (its thumbprint becomes the token's kid), as Altinn's own tokens do.
            var certificate = X509Certificate2.CreateFromPem(pem, pem);
            return certificate.GetECDsaPublicKey() is null
                ? new X509SigningCredentials(certificate, SecurityAlgorithms.RsaSha256)
                : new X509SigningCredentials(certificate, SecurityAlgorithms.EcdsaSha256);
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);
        }
        catch (ArgumentException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new SigningCredentials(new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha256);
        }
    }
}

/// <summary>Puts the current <see cref="PlatformAccessTokens"/> token on each Register request (it changes over time).</summary>
internal sealed class PlatformAccessTokenHeaderHandler(PlatformAccessTokens tokens) : DelegatingHandler
{
    public const string HeaderName = "PlatformAccessToken";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (tokens.Current() is { } token)
        {
            request.Headers.Remove(HeaderName);
            request.Headers.TryAddWithoutValidation(HeaderName, token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
