using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// The real host on Kestrel (loopback, a free port) against the run's PostgreSQL, trusting <see cref="TestTokens"/>'
/// keys. Settings can be overridden per factory, e.g. a smaller body limit.
/// </summary>
public sealed class NotificationsApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    /// <param name="configureServices">
    /// Extra services for the host, e.g. a Serilog sink that captures log events; applied after the host's own, so they
    /// can also replace one (a controllable <see cref="TimeProvider"/>).
    /// </param>
    public NotificationsApiFactory(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Notifications"] = TestDatabase.ConnectionString,
            ["Authentication:Bearer:ValidIssuers:0"] = TestTokens.BearerIssuer,
            ["Authentication:Bearer:SigningKeys:0"] = TestTokens.PublicPem(TestTokens.BearerKey),
            ["ContactRegistry:Provider"] = "File",
            ["ContactRegistry:File"] = TestContacts.FilePath,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // Intake tests look at orders as registered; pipeline tests switch dispatch on.
            ["Dispatch:Enabled"] = "false",
            ["Email:Provider"] = "Pickup",
            ["Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), $"notifications-outbox-{Guid.NewGuid():N}"),
        };
        foreach (var (issuer, key) in TestTokens.PlatformKeys)
        {
            _settings[$"Authentication:PlatformAccessTokenIssuers:{issuer}"] = TestTokens.PublicPem(key);
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As in Development (./run.sh): every registration is checked when the host is built, so a handler that cannot be
        // constructed with some provider fails every test host, not just the one run that sends it a message.
        builder.UseDefaultServiceProvider(provider =>
        {
            provider.ValidateOnBuild = true;
            provider.ValidateScopes = true;
        });
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }
}
