using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Notifications.Integrations.Email.Acs;

/// <summary>Registers the ACS provider; called by <c>AddEmailProvider</c> when <c>Email:Provider</c> is <c>AzureCommunicationServices</c>.</summary>
internal static class AcsServiceCollectionExtensions
{
    /// <summary>How long a pooled connection lives, so a long-lived client still follows DNS changes of the endpoint.</summary>
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Validates <see cref="AcsOptions"/> at start-up and registers <see cref="AcsEmailProvider"/> as both
    /// <see cref="IEmailProvider"/> and <see cref="IEmailOperationTracker"/>, over a signed typed client.
    /// <c>AddEmailProvider</c> binds the options whatever the provider (the delivery-report webhook reads them).
    /// </summary>
    public static IServiceCollection AddAcsEmailProvider(this IServiceCollection services)
    {
        services.AddOptions<AcsOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => AcsConnectionString.Parse(sp.GetRequiredService<IOptions<AcsOptions>>().Value.ConnectionString));

        services.AddHttpClient<AcsEmailClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<AcsOptions>>().Value;
                http.BaseAddress = sp.GetRequiredService<AcsConnectionString>().Endpoint;
                http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
                // Answers are small JSON objects; a huge one is an error, not something to hold in memory.
                http.MaxResponseContentBufferSize = 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = ConnectionLifetime,
                // ACS does not redirect; a redirect would carry our signature to wherever it points.
                AllowAutoRedirect = false,
            })
            // Added last, so it is the innermost handler: see its remarks.
            .AddHttpMessageHandler(sp => new AcsHmacSigningHandler(sp.GetRequiredService<AcsConnectionString>(), sp.GetRequiredService<TimeProvider>()))
            // The provider is a singleton that keeps its client; PooledConnectionLifetime does the recycling that
            // rotating handlers would otherwise do.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // AcsEmailClient logs each outcome with the notification id; the factory's loggers would add four lines per email.
            .RemoveAllLoggers();

        services.AddSingleton<AcsEmailProvider>();
        services.AddSingleton<IEmailProvider>(sp => sp.GetRequiredService<AcsEmailProvider>());
        services.AddSingleton<IEmailOperationTracker>(sp => sp.GetRequiredService<AcsEmailProvider>());
        return services;
    }
}
