using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Core.Ports;
using Notifications.Integrations.Email;
using Notifications.Testing.Email.Acs;

namespace Notifications.Integrations.Tests.Email.Acs;

/// <summary>The ACS provider as the service builds it: in-memory configuration through the real <c>AddEmailProvider</c>.</summary>
public sealed class AcsClientHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly CapturingLoggerProvider _logs = new();

    public AcsClientHost(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs))
            .AddEmailProvider(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IEmailProvider Provider => _services.GetRequiredService<IEmailProvider>();

    public IEmailOperationTracker Tracker => _services.GetRequiredService<IEmailOperationTracker>();

    /// <summary>Every log line written so far, formatted.</summary>
    public IReadOnlyList<CapturedLog> Logs => [.. _logs.Logs];

    /// <summary>A host whose provider talks to <paramref name="fake"/>, signing with its key or <paramref name="accessKey"/>.</summary>
    public static AcsClientHost For(FakeAcsServer fake, string? accessKey = null, int timeoutSeconds = 30, string? apiVersion = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Provider"] = "AzureCommunicationServices",
            ["Email:Acs:ConnectionString"] = fake.ConnectionString(accessKey),
            ["Email:Acs:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (apiVersion is not null)
        {
            settings["Email:Acs:ApiVersion"] = apiVersion;
        }

        return new AcsClientHost(settings);
    }

    /// <summary>Sends one email in a session of its own.</summary>
    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken = default)
    {
        await using var session = await Provider.OpenSessionAsync(cancellationToken);
        return await session.SendAsync(email, cancellationToken);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
