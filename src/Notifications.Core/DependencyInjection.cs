using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Dispatch;
using Notifications.Core.Dispatch.ProcessDueOrders;
using Notifications.Core.Dispatch.Retention;
using Notifications.Core.Dispatch.SendEmails;
using Notifications.Core.Orders.Registration;
using Notifications.Core.Webhooks;
using Notifications.Core.Webhooks.Deliver;

namespace Notifications.Core;

public static class DependencyInjection
{
    /// <summary>Core's own services. Handlers are registered by the Mediator source generator in the host.</summary>
    public static IServiceCollection AddCore(this IServiceCollection services)
    {
        // Only the validators of messages, which ValidationBehavior asks for; the parts they are built of (recipients,
        // email settings) take their messages as constructor arguments and are built by them.
        services.AddValidatorsFromAssembly(
            typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, scan => typeof(IMessage).IsAssignableFrom(scan.InterfaceType.GenericTypeArguments[0]));
        services.AddScoped<RegistrationReplays>();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<EmailDefaults>().BindConfiguration(EmailDefaults.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Shipments.StatusFeedOptions>().BindConfiguration(Shipments.StatusFeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<OrderProcessor>();
        services.AddScoped<SendBudget>();
        services.AddScoped<BatchSender>();
        services.AddScoped<ClaimHandBack>();
        services.AddScoped<SubscriptionDelivery>();
        services.AddSingleton<NotificationsMetrics>();
        return services;
    }
}
