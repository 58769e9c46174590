using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.Core.Ports;
using Notifications.Integrations.Email;
using Notifications.Integrations.Email.Acs;

namespace Notifications.Integrations.Tests.Email;

/// <summary>Email:* configuration (README.md#configuration) as a host sees it at start-up.</summary>
public sealed class AddEmailProviderTests
{
    private const string AcsConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=MDEyMzQ1Njc4OWFiY2RlZg==";

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

    [TestCase("mail.example.com")]
    [TestCase("10.0.0.5")]
    public void Start_WithAnSmtpUserAndSecurityNoneToARemoteHost_FailsBecauseThePasswordWouldTravelInTheClear(string host)
    {
        using var app = Build(new()
        {
            ["Email:Provider"] = "Smtp", ["Email:Smtp:Host"] = host, ["Email:Smtp:Security"] = "None", ["Email:Smtp:User"] = "mailer",
        });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.That(error!.Message, Does.Contain("Email:Smtp:Security None would send Email:Smtp:User's password in the clear"));
    }

    [TestCase("localhost")]
    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    public async Task Start_WithAnSmtpUserAndSecurityNoneToLoopback_Starts(string host)
    {
        using var app = Build(new()
        {
            ["Email:Provider"] = "Smtp", ["Email:Smtp:Host"] = host, ["Email:Smtp:Security"] = "None", ["Email:Smtp:User"] = "mailer",
        });

        await app.StartAsync();
        await app.StopAsync();
    }

    [Test]
    public void Start_WithAnSmtpPortOutOfRange_Fails()
    {
        using var host = Build(new() { ["Email:Provider"] = "Smtp", ["Email:Smtp:Host"] = "mail.example.com", ["Email:Smtp:Port"] = "0" });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Email:Smtp:Port"));
    }

    [Test]
    public async Task AddEmailProvider_WithAzureCommunicationServices_RegistersOneProviderThatIsAlsoTheTracker()
    {
        using var host = Build(new()
        {
            ["Email:Provider"] = "AzureCommunicationServices",
            ["Email:Acs:ConnectionString"] = AcsConnectionString,
        });
        await host.StartAsync();

        var provider = host.Services.GetRequiredService<IEmailProvider>();

        Assert.That(provider, Is.TypeOf<AcsEmailProvider>());
        Assert.That(host.Services.GetRequiredService<IEmailOperationTracker>(), Is.SameAs(provider));
        Assert.That(provider.ReportsDelivery, Is.True);
        Assert.That(provider.Name, Is.EqualTo("acs"));
        Assert.That(provider.SendsPerMinute, Is.Null);
        var options = host.Services.GetRequiredService<IOptions<AcsOptions>>().Value;
        Assert.That(options.ApiVersion, Is.EqualTo("2023-03-31"));
        Assert.That(options.TimeoutSeconds, Is.EqualTo(30));
        Assert.That(options.UserEngagementTrackingDisabled, Is.True);
        Assert.That(options.DeliveryReportKey, Is.Null);
        await host.StopAsync();
    }

    [Test]
    public void AddEmailProvider_WithAcsSettings_BindsThem()
    {
        using var host = Build(new()
        {
            ["Email:Provider"] = "azurecommunicationservices",
            ["Email:Acs:ConnectionString"] = AcsConnectionString,
            ["Email:Acs:ApiVersion"] = "2024-07-01-preview",
            ["Email:Acs:SendsPerMinute"] = "30",
            ["Email:Acs:DeliveryReportKey"] = "report-key",
            ["Email:Acs:TimeoutSeconds"] = "5",
            ["Email:Acs:UserEngagementTrackingDisabled"] = "false",
        });

        var options = host.Services.GetRequiredService<IOptions<AcsOptions>>().Value;

        Assert.That(host.Services.GetRequiredService<IEmailProvider>().SendsPerMinute, Is.EqualTo(30));
        Assert.That(options.ApiVersion, Is.EqualTo("2024-07-01-preview"));
        Assert.That(options.DeliveryReportKey, Is.EqualTo("report-key"));
        Assert.That(options.TimeoutSeconds, Is.EqualTo(5));
        Assert.That(options.UserEngagementTrackingDisabled, Is.False);
    }

    [Test]
    public void Start_WithAzureCommunicationServicesButNoConnectionString_FailsNamingTheSetting()
    {
        using var host = Build(new() { ["Email:Provider"] = "AzureCommunicationServices" });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Email:Acs:ConnectionString is required"));
    }

    [Test]
    public void Start_WithAnAcsConnectionStringThatIsNotBase64_FailsWithoutQuotingIt()
    {
        using var host = Build(new()
        {
            ["Email:Provider"] = "AzureCommunicationServices",
            ["Email:Acs:ConnectionString"] = "endpoint=https://contoso.communication.azure.com/;accesskey=secret-but-not-base64",
        });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Email:Acs:ConnectionString is invalid").And.Contain("not valid base64"));
        Assert.That(error.Message, Does.Not.Contain("secret-but-not-base64"));
    }

    [Test]
    public void Start_WithAnAcsTimeoutOutOfRange_Fails()
    {
        using var host = Build(new()
        {
            ["Email:Provider"] = "AzureCommunicationServices",
            ["Email:Acs:ConnectionString"] = AcsConnectionString,
            ["Email:Acs:TimeoutSeconds"] = "0",
        });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Email:Acs:TimeoutSeconds"));
    }

    [TestCase("Pickup")]
    [TestCase("Smtp")]
    public async Task Start_WithAProviderWithoutReports_RegistersNoTrackerAndIgnoresAcsSettings(string provider)
    {
        using var host = Build(new()
        {
            ["Email:Provider"] = provider,
            ["Email:Smtp:Host"] = "mail.example.com",
            ["Email:Acs:ConnectionString"] = "not a connection string",
        });
        await host.StartAsync();

        Assert.That(host.Services.GetService<IEmailOperationTracker>(), Is.Null);
        Assert.That(host.Services.GetRequiredService<IEmailProvider>().ReportsDelivery, Is.False);
        await host.StopAsync();
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
