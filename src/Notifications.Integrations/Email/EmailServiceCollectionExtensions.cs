using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Notifications.Integrations.Email.Acs;

namespace Notifications.Integrations.Email;

/// <summary>Registers the email provider; called by <c>AddIntegrations</c>.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EmailOptions"/> (validated at start-up) and the <see cref="IEmailProvider"/> that
    /// <c>Email:Provider</c> selects. <see cref="AcsOptions"/> are bound from <c>Email:Acs</c> whatever the provider, and
    /// validated only when it is ACS, which alone also registers an <see cref="IEmailOperationTracker"/>.
    /// </summary>
    public static IServiceCollection AddEmailProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AcsOptions>().Bind(configuration.GetSection(AcsOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        // Services are chosen here, not when resolved, because only ACS has an operation tracker to register. A value
        // that is no provider at all falls through to the factory below, and binding EmailOptions fails start-up on it.
        if (EmailOptions.ConfiguredProvider(configuration) == EmailProviderKind.AzureCommunicationServices)
        {
            return services.AddAcsEmailProvider();
        }

        // Chosen from the validated options, so an unusable choice has already failed start-up with its message.
        services.AddSingleton<IEmailProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            return options.Provider switch
            {
                EmailProviderKind.Pickup => new PickupEmailProvider(
                    options.ResolvePickupDirectory(sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
                    time,
                    sp.GetRequiredService<ILogger<PickupEmailProvider>>()),
                EmailProviderKind.Smtp => new SmtpEmailProvider(options.Smtp, time, sp.GetRequiredService<ILogger<SmtpEmailProvider>>()),
                _ => throw new InvalidOperationException($"Email:Provider '{options.Provider}' was not registered as it should have been."),
            };
        });
        return services;
    }
}
