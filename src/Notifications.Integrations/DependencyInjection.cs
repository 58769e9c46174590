using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifications.Integrations.ContactRegistry;
using Notifications.Integrations.Email;
using Notifications.Integrations.SendCondition;
using Notifications.Integrations.Webhooks;

namespace Notifications.Integrations;

public static class DependencyInjection
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContactRegistryOptions>().BindConfiguration(ContactRegistryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var provider = configuration.GetValue($"{ContactRegistryOptions.Section}:{nameof(ContactRegistryOptions.Provider)}", ContactRegistryProvider.File);
        if (provider == ContactRegistryProvider.AltinnProfile)
        {
            services.AddAltinnProfileContactRegistry();
        }
        else
        {
            services.AddSingleton<IContactRegistry>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<ContactRegistryOptions>>().Value;
                var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
                return new FileContactRegistry(Path.GetFullPath(options.File, root));
            });
        }

        services.AddSendCondition();
        services.AddWebhooks();
        services.AddEmailProvider(configuration);
        return services;
    }
}
