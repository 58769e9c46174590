using System.Net.Http.Headers;

namespace Notifications.Client;

/// <summary>Returns a token for the next request; called for every request so the caller can cache and refresh as it likes.</summary>
public delegate ValueTask<string?> TokenProvider(CancellationToken cancellationToken);

/// <summary>
/// Puts the caller's tokens on every request: <c>Authorization: Bearer</c> (Maskinporten/Altinn token with the
/// notifications scope) and/or the <c>PlatformAccessToken</c> header. The service accepts a request when either is valid.
/// </summary>
public sealed class NotificationsTokenHandler : DelegatingHandler
{
    public const string PlatformAccessTokenHeader = "PlatformAccessToken";

    private readonly TokenProvider? _bearerToken;
    private readonly TokenProvider? _platformAccessToken;

    public NotificationsTokenHandler(TokenProvider? bearerToken = null, TokenProvider? platformAccessToken = null)
    {
        if (bearerToken is null && platformAccessToken is null)
        {
            throw new ArgumentException("Give a bearer token provider, a platform access token provider, or both.");
        }

        _bearerToken = bearerToken;
        _platformAccessToken = platformAccessToken;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A header the caller set on the request itself wins.
        if (_bearerToken is not null && request.Headers.Authorization is null && await _bearerToken(cancellationToken) is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (_platformAccessToken is not null && !request.Headers.Contains(PlatformAccessTokenHeader)
            && await _platformAccessToken(cancellationToken) is { Length: > 0 } platform)
        {
            request.Headers.TryAddWithoutValidation(PlatformAccessTokenHeader, platform);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
