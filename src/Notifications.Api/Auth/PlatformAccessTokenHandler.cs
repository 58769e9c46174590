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
    : AuthenticationHandler<PlatformAccessTokenOptions>(options, new FrameworkCategoryLoggerFactory(logger), encoder)
{
    public const string SchemeName = "PlatformAccessToken";
    public const string HeaderName = "PlatformAccessToken";

    private static readonly JsonWebTokenHandler TokenHandler = new() { MapInboundClaims = false };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedTokens.Platform(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var result = await TokenHandler.ValidateTokenAsync(token, Options.TokenValidationParameters);
        if (!result.IsValid)
        {
            Logger.LogDebug("Rejected a platform access token: {Reason}", result.Exception?.GetType().Name);
            // The validation's exception travels inside, so a 401 can say why (RefusalProblemDetails).
            return AuthenticateResult.Fail(new AuthenticationFailureException("The platform access token is not valid.", result.Exception));
        }

        var identity = new ClaimsIdentity(result.ClaimsIdentity.Claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// The base class logs every challenge, forbid and failure at Information under the handler's type name; under the
    /// framework's category they follow the <c>Microsoft.AspNetCore</c> level like JwtBearer's, and the one line per
    /// refused request is <see cref="RefusalProblemDetails"/>'.
    /// </summary>
    private sealed class FrameworkCategoryLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => inner.CreateLogger("Microsoft.AspNetCore.Authentication." + SchemeName);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
            // The host owns the inner factory.
        }
    }
}
