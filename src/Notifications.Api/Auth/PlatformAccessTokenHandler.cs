using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifications.Api.Auth;

public sealed class PlatformAccessTokenOptions : AuthenticationSchemeOptions
{
    public TokenValidationParameters TokenValidationParameters { get; set; } = new();
}

/// <summary>Authenticates the <c>PlatformAccessToken</c> header: a JWT signed by one of the trusted issuers.</summary>
public sealed class PlatformAccessTokenHandler(IOptionsMonitor<PlatformAccessTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<PlatformAccessTokenOptions>(options, logger, encoder)
{
    public const string SchemeName = "PlatformAccessToken";
    public const string HeaderName = "PlatformAccessToken";

    private static readonly JsonWebTokenHandler TokenHandler = new() { MapInboundClaims = false };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Headers[HeaderName].ToString();
        if (string.IsNullOrWhiteSpace(token))
        {
            return AuthenticateResult.NoResult();
        }

        var result = await TokenHandler.ValidateTokenAsync(token, Options.TokenValidationParameters);
        if (!result.IsValid)
        {
            Logger.LogInformation("Rejected a platform access token: {Reason}", result.Exception?.GetType().Name);
            return AuthenticateResult.Fail("The platform access token is not valid.");
        }

        var identity = new ClaimsIdentity(result.ClaimsIdentity.Claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
