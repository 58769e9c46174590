using Microsoft.Extensions.DependencyInjection;

namespace Notifications.Client;

public static class NotificationsClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="INotificationsApiClient"/> as a typed <see cref="HttpClient"/> for the service at
    /// <paramref name="baseAddress"/> (scheme and host, e.g. <c>https://notifications.example/</c>), with the caller's
    /// token providers, resolved from the container:
    /// <code>
    /// services.AddNotificationsClient(new Uri("https://notifications.example/"),
    ///     bearerToken: sp => sp.GetRequiredService&lt;MaskinportenTokens&gt;().GetAsync);
    /// </code>
    /// Returns the builder so resilience handlers and the like can be added.
    /// </summary>
    public static IHttpClientBuilder AddNotificationsClient(
        this IServiceCollection services,
        Uri baseAddress,
        Func<IServiceProvider, TokenProvider>? bearerToken = null,
        Func<IServiceProvider, TokenProvider>? platformAccessToken = null) =>
        services
            .AddHttpClient<INotificationsApiClient, NotificationsApiClient>(client => client.BaseAddress = baseAddress)
            .AddHttpMessageHandler(sp => new NotificationsTokenHandler(bearerToken?.Invoke(sp), platformAccessToken?.Invoke(sp)));
}
