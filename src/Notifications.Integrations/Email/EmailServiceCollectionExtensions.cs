using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Ports;

namespace Notifications.Integrations.Email;

/// <summary>Registers the email provider; called by <c>AddIntegrations</c>.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EmailOptions"/> (validated at start-up) and the <see cref="IEmailProvider"/> that
    /// <c>Email:Provider</c> selects.
    /// </summary>
    public static IServiceCollection AddEmailProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

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
                _ => throw new InvalidOperationException($"Email:Provider '{options.Provider}' is not available in this build."),
            };
        });
        return services;
    }
}
