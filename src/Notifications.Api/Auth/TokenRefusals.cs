using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifications.Api.Auth;

/// <summary>
/// Why a request was not authenticated, in the words of a 401's <c>detail</c>: no token, one that is not a JWT, unsigned,
/// signed with an algorithm we refuse, expired, from an untrusted issuer, for another audience, or wrongly signed. Says
/// nothing taken from the token except its expiry, so neither the answer nor the log line repeats what a caller sent.
/// </summary>
public static class TokenRefusals
{
    public static readonly string NoToken =
        $"No token was presented: send a bearer token with the scope {CreatorClaims.RequiredScope} "
        + $"(Authorization: Bearer …) or a {PlatformAccessTokenHandler.HeaderName} header.";

    private static readonly JsonWebTokenHandler Reader = new();

    /// <summary>One sentence per token the request presented to <paramref name="schemes"/>, or <see cref="NoToken"/>.</summary>
    public static async Task<string> DescribeAsync(HttpContext context, IEnumerable<string> schemes)
    {
        var reasons = new List<string>();
        foreach (var scheme in schemes.DefaultIfEmpty(JwtBearerDefaults.AuthenticationScheme))
        {
            if (PresentedTokens.For(context.Request, scheme) is not { } token)
            {
                continue;
            }

            // Handlers remember their result for the request: this does not validate the token again.
            var result = await context.AuthenticateAsync(scheme);
            if (!result.Succeeded)
            {
                reasons.Add(Describe(TokenName(scheme), token, result.Failure));
            }
        }

        return reasons.Count == 0 ? NoToken : string.Join(" ", reasons);
    }

    /// <summary>Why <paramref name="token"/> (called <paramref name="name"/>) failed with <paramref name="failure"/>.</summary>
    public static string Describe(string name, string token, Exception? failure)
    {
        JsonWebToken jwt;
        try
        {
            jwt = Reader.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return $"The {name} is not a well-formed JWT.";
        }

        if (string.IsNullOrEmpty(jwt.Alg) || jwt.Alg == SecurityAlgorithms.None || string.IsNullOrEmpty(jwt.EncodedSignature))
        {
            return $"The {name} is not signed (alg none or no signature); {AcceptedAlgorithms}";
        }

        if (!AuthenticationSetup.AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return $"The {name} is signed with an algorithm that is not accepted; {AcceptedAlgorithms}";
        }

        return (failure is AuthenticationFailureException { InnerException: { } inner } ? inner : failure) switch
        {
            SecurityTokenExpiredException expired => $"The {name} expired at {Utc(expired.Expires)}.",
            SecurityTokenNotYetValidException early => $"The {name} is not valid before {Utc(early.NotBefore)}.",
            SecurityTokenNoExpirationException => $"The {name} has no expiry (exp).",
            SecurityTokenInvalidIssuerException => $"The {name} is from an issuer that is not trusted.",
            SecurityTokenInvalidAudienceException => $"The {name} is for an audience that is not accepted.",
            SecurityTokenInvalidSignatureException => $"The {name}'s signature does not verify with the key of any trusted issuer.",
            SecurityTokenMalformedException => $"The {name} is not a well-formed JWT.",
            _ => $"The {name} is not valid.",
        };
    }

    private static string AcceptedAlgorithms => "tokens must be signed with RS256/384/512, PS256/384/512 or ES256/384/512.";

    private static string TokenName(string scheme) =>
        scheme == PlatformAccessTokenHandler.SchemeName ? "platform access token" : "bearer token";

    private static string Utc(DateTime at) =>
        DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
