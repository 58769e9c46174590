using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Core.Ports;
using Notifications.Integrations.SendCondition;

namespace Notifications.Integrations.Tests.SendCondition;

/// <summary>The client as the service builds it: in-memory configuration through the real <c>AddSendCondition</c>.</summary>
public sealed class SendConditionClientHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly CapturingLoggerProvider _logs = new();

    public SendConditionClientHost(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs))
            .AddSendCondition();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IServiceProvider Services => _services;

    public ISendConditionClient Client => _services.GetRequiredService<ISendConditionClient>();

    public IReadOnlyList<CapturedLog> Logs => [.. _logs.Logs];

    public static SendConditionClientHost Create(bool allowPrivateNetworks, int timeoutSeconds = 10) => new(new Dictionary<string, string?>
    {
        ["SendCondition:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
        ["SendCondition:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
