using Microsoft.Extensions.DependencyInjection;

namespace Notifications.Integrations.SendCondition;

/// <summary>Registers the send condition client (docs/architecture.md#journey) and its options.</summary>
public static class SendConditionServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SendConditionOptions"/> from <c>SendCondition</c> (validated at start-up) and registers
    /// <see cref="ISendConditionClient"/> as a typed client over the SSRF-guarded handler.
    /// </summary>
    public static IServiceCollection AddSendCondition(this IServiceCollection services)
    {
        services.AddOptions<SendConditionOptions>().BindConfiguration(SendConditionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<ISendConditionClient, SendConditionClient>(client =>
            {
                // The client times the whole check, redirects and body included, with its own token.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => PublicAddressConnector.CreateHandler(sp.GetRequiredService<IOptions<SendConditionOptions>>().Value))
            // The handler re-resolves and re-vets on every new connection and recycles its pool itself, so it never needs
            // replacing; a handler that lives for ever also suits a typed client captured by a long-lived order processor.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's request loggers write each request's URL; SendConditionClient logs the outcome itself,
            // without the query string.
            .RemoveAllLoggers();
        return services;
    }
}
