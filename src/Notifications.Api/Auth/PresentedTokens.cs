using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Notifications.Api.Auth;

/// <summary>The tokens a request presents, read as the authentication handlers read them.</summary>
internal static class PresentedTokens
{
    /// <summary>The token of an <c>Authorization: Bearer</c> header, as <see cref="JwtBearerHandler"/> reads it.</summary>
    public static string? Bearer(HttpRequest request)
    {
        string? authorization = request.Headers.Authorization;
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }

    /// <summary>The <c>PlatformAccessToken</c> header, as <see cref="PlatformAccessTokenHandler"/> reads it.</summary>
    public static string? Platform(HttpRequest request) =>
        request.Headers[PlatformAccessTokenHandler.HeaderName].ToString() is { } token && !string.IsNullOrWhiteSpace(token) ? token : null;

    /// <summary>The token the scheme authenticates, or null when the request presents none for it.</summary>
    public static string? For(HttpRequest request, string scheme) => scheme switch
    {
        JwtBearerDefaults.AuthenticationScheme => Bearer(request),
        PlatformAccessTokenHandler.SchemeName => Platform(request),
        _ => null,
    };
}
