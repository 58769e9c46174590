using Microsoft.Extensions.DependencyInjection;
using Notifications.Integrations.SendCondition;

namespace Notifications.Integrations.Webhooks;

/// <summary>Registers the webhook sender and URL guard (docs/webhooks.md).</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IWebhookSender"/> as a typed client over the send condition's SSRF-guarded handler (which never follows
    /// redirects), and <see cref="IWebhookUrlGuard"/>. Needs <see cref="SendConditionOptions"/> (<c>AddSendCondition</c>).
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<IWebhookUrlGuard, WebhookUrlGuard>();
        services.AddHttpClient<IWebhookSender, WebhookSender>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => PublicAddressConnector.CreateHandler(sp.GetRequiredService<IOptions<SendConditionOptions>>().Value))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's request loggers would write each subscriber's full URL.
            .RemoveAllLoggers();
        return services;
    }
}
