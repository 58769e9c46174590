using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.Core.Ports;
using Notifications.Integrations.Email;

namespace Notifications.Api.Tests.Integrations.Email;

/// <summary>Email:* configuration (SPEC §2) as a host sees it at start-up.</summary>
public sealed class AddEmailProviderTests
{
    // Any existing directory will do: nothing is written there.
    private static readonly string ContentRoot = Path.GetFullPath(AppContext.BaseDirectory);

    [Test]
    public void AddEmailProvider_WithoutSettings_WritesToOutboxUnderTheContentRoot()
    {
        using var host = Build([]);

        var provider = host.Services.GetRequiredService<IEmailProvider>();

        Assert.That(provider, Is.TypeOf<PickupEmailProvider>());
        Assert.That(((PickupEmailProvider)provider).PickupDirectory, Is.EqualTo(Path.Combine(ContentRoot, "outbox")));
        Assert.That(provider.ReportsDelivery, Is.False);
    }

    [Test]
    public void AddEmailProvider_WithARelativePickupDirectory_ResolvesItAgainstTheContentRoot()
    {
        using var host = Build(new() { ["Email:Provider"] = "Pickup", ["Email:PickupDirectory"] = "data/mail" });

        var provider = (PickupEmailProvider)host.Services.GetRequiredService<IEmailProvider>();

        Assert.That(provider.PickupDirectory, Is.EqualTo(Path.Combine(ContentRoot, "data", "mail")));
    }

    [Test]
    public void AddEmailProvider_WithAnAbsolutePickupDirectory_KeepsIt()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere", "outbox");
        using var host = Build(new() { ["Email:PickupDirectory"] = absolute });

        var provider = (PickupEmailProvider)host.Services.GetRequiredService<IEmailProvider>();

        Assert.That(provider.PickupDirectory, Is.EqualTo(absolute));
    }

    [Test]
    public void AddEmailProvider_WithSmtp_BindsItsSettingsAndDefaults()
    {
        using var host = Build(new()
        {
            ["Email:Provider"] = "smtp",
            ["Email:Smtp:Host"] = "mail.example.com",
            ["Email:Smtp:User"] = "mailer",
            ["Email:Smtp:Password"] = "secret",
        });

        var provider = host.Services.GetRequiredService<IEmailProvider>();

        Assert.That(provider, Is.TypeOf<SmtpEmailProvider>());
        var smtp = ((SmtpEmailProvider)provider).Options;
        Assert.That(smtp.Host, Is.EqualTo("mail.example.com"));
        Assert.That(smtp.Port, Is.EqualTo(25));
        Assert.That(smtp.Security, Is.EqualTo(SecureSocketOptions.Auto));
        Assert.That(smtp.User, Is.EqualTo("mailer"));
        Assert.That(smtp.Password, Is.EqualTo("secret"));
        Assert.That(smtp.TimeoutSeconds, Is.EqualTo(30));
        Assert.That(provider.ReportsDelivery, Is.False);
    }

    [Test]
    public void AddEmailProvider_WithSmtpPortAndSecurity_BindsThem()
    {
        using var host = Build(new()
        {
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Host"] = "mail.example.com",
            ["Email:Smtp:Port"] = "587",
            ["Email:Smtp:Security"] = "StartTls",
        });

        var smtp = ((SmtpEmailProvider)host.Services.GetRequiredService<IEmailProvider>()).Options;

        Assert.That(smtp.Port, Is.EqualTo(587));
        Assert.That(smtp.Security, Is.EqualTo(SecureSocketOptions.StartTls));
    }

    [Test]
    public void Start_WithSmtpButNoHost_FailsNamingTheSetting()
    {
        using var host = Build(new() { ["Email:Provider"] = "Smtp" });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Email:Smtp:Host is required"));
    }

    [Test]
    public void Start_WithAnSmtpPortOutOfRange_Fails()
    {
        using var host = Build(new() { ["Email:Provider"] = "Smtp", ["Email:Smtp:Host"] = "mail.example.com", ["Email:Smtp:Port"] = "0" });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Email:Smtp:Port"));
    }

    [Test]
    public void Start_WithAzureCommunicationServices_FailsSayingItIsNotAvailableYet()
    {
        using var host = Build(new() { ["Email:Provider"] = "AzureCommunicationServices" });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("'AzureCommunicationServices' is not available"));
    }

    [Test]
    public async Task Start_WithPickup_IgnoresTheMissingSmtpHost()
    {
        using var host = Build(new() { ["Email:Provider"] = "Pickup" });

        await host.StartAsync();
        await host.StopAsync();
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = ContentRoot,
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEmailProvider(builder.Configuration);
        return builder.Build();
    }
}
