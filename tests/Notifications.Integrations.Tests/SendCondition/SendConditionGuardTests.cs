using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Ports;
using Notifications.Integrations;
using Notifications.Integrations.SendCondition;
using Notifications.Testing.SendCondition;

namespace Notifications.Integrations.Tests.SendCondition;

/// <summary>The SSRF guard with its production setting (private networks refused), and the options behind it.</summary>
public sealed class SendConditionGuardTests
{
    private ConditionEndpointServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await ConditionEndpointServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [SetUp]
    public void ForgetRequests() => _server.Requests.Clear();

    [Test]
    public async Task CheckAsync_ToALoopbackAddress_IsRefusedBeforeAnyRequest()
    {
        var result = await CheckAsync(_server.Url("true"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
        Assert.That(result.Reason, Does.Contain("127.0.0.1"));
        Assert.That(_server.Requests, Is.Empty);
    }

    [Test]
    public async Task CheckAsync_ToANameThatResolvesToLoopback_IsRefusedNamingTheHost()
    {
        var result = await CheckAsync(_server.Url("true", host: "localhost"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
        Assert.That(result.Reason, Does.StartWith("'localhost' resolves to"));
        Assert.That(_server.Requests, Is.Empty);
    }

    [Test]
    public async Task CheckAsync_ToTheIpv6Loopback_IsRefused()
    {
        var result = await CheckAsync(new Uri($"http://[::1]:{_server.Port}/"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
        Assert.That(result.Reason, Does.Contain("::1"));
    }

    [Test]
    public async Task CheckAsync_ToTheIpv4MappedLoopback_IsRefused()
    {
        var result = await CheckAsync(new Uri($"http://[::ffff:127.0.0.1]:{_server.Port}/true"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
        Assert.That(_server.Requests, Is.Empty);
    }

    [Test]
    public async Task CheckAsync_ToLoopbackWrittenAsOneDecimalNumber_IsRefused()
    {
        // 2130706433 is 127.0.0.1; whatever form the host takes, the address it stands for is what gets vetted.
        var result = await CheckAsync(new Uri($"http://2130706433:{_server.Port}/true"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
        Assert.That(_server.Requests, Is.Empty);
    }

    [Test]
    public async Task CheckAsync_ToTheCloudMetadataService_IsRefusedWithoutTouchingTheNetwork()
    {
        // Were a connection attempted, it would time out or fail (Retryable), not be Refused.
        var result = await CheckAsync(new Uri("http://169.254.169.254/latest/meta-data"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
        Assert.That(result.Reason, Is.EqualTo("169.254.169.254 is not a public address."));
    }

    [TestCase("http://10.0.0.1/condition")]
    [TestCase("https://192.168.1.1/condition")]
    [TestCase("http://[fd00:ec2::254]/latest/meta-data")]
    [TestCase("http://[fe80::1]/condition")]
    public async Task CheckAsync_ToAPrivateAddress_IsRefused(string endpoint)
    {
        var result = await CheckAsync(new Uri(endpoint));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
    }

    [Test]
    public async Task CheckAsync_Refused_NamesTheHostButNotThePathOrQuery()
    {
        var result = await CheckAsync(_server.Url("orders/secret-path?token=secret-query", host: "localhost"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
        Assert.That(result.Reason, Does.Contain("localhost"));
        Assert.That(result.Reason, Does.Not.Contain("secret"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task CheckAsync_ToAnFtpAddress_IsRefusedWhateverTheNetworkSetting(bool allowPrivateNetworks)
    {
        await using var host = SendConditionClientHost.Create(allowPrivateNetworks);

        var result = await host.Client.CheckAsync(new Uri("ftp://example.com/condition"), CancellationToken.None);

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
        Assert.That(result.Reason, Does.Contain("ftp"));
    }

    [Test]
    public async Task CheckAsync_ToARelativeAddress_IsRefused()
    {
        var result = await CheckAsync(new Uri("/condition", UriKind.Relative));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
    }

    [Test]
    public async Task CheckAsync_OnRefused_LogsAWarningWithoutTheQueryString()
    {
        await using var host = SendConditionClientHost.Create(allowPrivateNetworks: false);

        await host.Client.CheckAsync(_server.Url("condition?orderId=secret-id"), CancellationToken.None);

        var log = host.Logs.Single(l => l.Category.EndsWith("SendConditionClient", StringComparison.Ordinal));
        Assert.That(log.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(log.Message, Does.Contain("127.0.0.1"));
        Assert.That(host.Logs.Select(l => l.Message), Has.None.Contains("secret-id"));
    }

    [Test]
    public async Task AddSendCondition_WithoutSettings_RefusesPrivateNetworksAndWaitsTenSeconds()
    {
        await using var host = new SendConditionClientHost(new Dictionary<string, string?>());

        var options = host.Services.GetRequiredService<IOptions<SendConditionOptions>>().Value;

        Assert.That(options.AllowPrivateNetworks, Is.False);
        Assert.That(options.TimeoutSeconds, Is.EqualTo(10));
    }

    [TestCase(0)]
    [TestCase(121)]
    public async Task AddSendCondition_WithATimeoutOutOfRange_FailsAtStartUp(int timeoutSeconds)
    {
        await using var host = SendConditionClientHost.Create(allowPrivateNetworks: false, timeoutSeconds);

        Assert.That(
            () => host.Services.GetRequiredService<IStartupValidator>().Validate(),
            Throws.InstanceOf<OptionsValidationException>().With.Message.Contain("TimeoutSeconds"));
    }

    [Test]
    public async Task AddIntegrations_RegistersTheSendConditionClient()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddIntegrations(configuration).BuildServiceProvider();

        Assert.That(services.GetRequiredService<ISendConditionClient>(), Is.InstanceOf<SendConditionClient>());
    }

    private static async Task<SendConditionResult> CheckAsync(Uri endpoint)
    {
        await using var host = SendConditionClientHost.Create(allowPrivateNetworks: false);
        return await host.Client.CheckAsync(endpoint, CancellationToken.None);
    }
}
