using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Notifications.Core.Ports;
using Notifications.Testing.SendCondition;

namespace Notifications.Integrations.Tests.SendCondition;

/// <summary>How the endpoint's answers map to verdicts, with private networks allowed so loopback can be asked.</summary>
public sealed class SendConditionClientTests
{
    private ConditionEndpointServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await ConditionEndpointServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [SetUp]
    public void ForgetRequests() => _server.Requests.Clear();

    [Test]
    public async Task CheckAsync_WhenTheEndpointSaysTrue_ReturnsSend()
    {
        var result = await CheckAsync(_server.Url("true"));

        Assert.That(result, Is.EqualTo(new SendConditionResult(SendConditionVerdict.Send)));
    }

    [Test]
    public async Task CheckAsync_WhenTheEndpointSaysFalseWithThePropertyNameInAnotherCase_ReturnsDoNotSend()
    {
        var result = await CheckAsync(_server.Url("false"));

        Assert.That(result, Is.EqualTo(new SendConditionResult(SendConditionVerdict.DoNotSend)));
    }

    [Test]
    public async Task CheckAsync_SendsTheQueryStringToTheEndpoint()
    {
        await CheckAsync(_server.Url("true?orderId=42"));

        Assert.That(_server.Requests, Is.EqualTo(new[] { "/true?orderId=42" }));
    }

    [TestCase(500)]
    [TestCase(503)]
    [TestCase(404)]
    [TestCase(304)]
    public async Task CheckAsync_WhenTheEndpointAnswersAnErrorStatus_ReturnsRetryableNamingTheStatus(int status)
    {
        var result = await CheckAsync(_server.Url($"status/{status}"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Retryable));
        Assert.That(result.Reason, Does.Contain($"HTTP {status}").And.Contain("127.0.0.1"));
    }

    [TestCase("invalid", TestName = "CheckAsync_WhenTheAnswerIsTruncatedJson_ReturnsRetryable")]
    [TestCase("html", TestName = "CheckAsync_WhenTheAnswerIsHtml_ReturnsRetryable")]
    [TestCase("empty", TestName = "CheckAsync_WhenTheAnswerIsEmpty_ReturnsRetryable")]
    [TestCase("missing", TestName = "CheckAsync_WhenTheAnswerLacksSendNotification_ReturnsRetryable")]
    [TestCase("string", TestName = "CheckAsync_WhenSendNotificationIsAString_ReturnsRetryable")]
    [TestCase("null", TestName = "CheckAsync_WhenTheAnswerIsJsonNull_ReturnsRetryable")]
    [TestCase("array", TestName = "CheckAsync_WhenTheAnswerIsAnArray_ReturnsRetryable")]
    [TestCase("large", TestName = "CheckAsync_WhenTheAnswerIsOver64KiB_ReturnsRetryable")]
    public async Task CheckAsync_WhenTheAnswerIsUnusable_ReturnsRetryable(string path)
    {
        var result = await CheckAsync(_server.Url(path));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Retryable));
        Assert.That(result.Reason, Does.Contain("answer"));
    }

    [Test]
    public async Task CheckAsync_WhenTheEndpointIsSlowerThanTheTimeout_ReturnsRetryableAfterTheTimeout()
    {
        await using var host = SendConditionClientHost.Create(allowPrivateNetworks: true, timeoutSeconds: 1);
        var stopwatch = Stopwatch.StartNew();

        var result = await host.Client.CheckAsync(_server.Url("slow"), CancellationToken.None);

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Retryable));
        Assert.That(result.Reason, Does.Contain("within 1 s"));
        Assert.That(stopwatch.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(0.9)).And.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task CheckAsync_WhenTheCallerCancels_ThrowsInsteadOfReturningAVerdict()
    {
        await using var host = SendConditionClientHost.Create(allowPrivateNetworks: true);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(
            async () => await host.Client.CheckAsync(_server.Url("slow"), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task CheckAsync_WhenNothingListens_ReturnsRetryableNamingTheError()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CheckAsync(new Uri($"http://127.0.0.1:{port}/condition"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Retryable));
        Assert.That(result.Reason, Does.Contain("ConnectionError"));
    }

    [Test]
    public async Task CheckAsync_WhenTheHostDoesNotExist_ReturnsRetryable()
    {
        var result = await CheckAsync(new Uri("http://condition.invalid/check"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Retryable));
        Assert.That(result.Reason, Does.Contain("condition.invalid"));
    }

    [Test]
    public async Task CheckAsync_ThroughTheNameLocalhost_ReachesTheServerOnWhicheverAddressListens()
    {
        // localhost may resolve to ::1 first; the server only listens on 127.0.0.1, so the next address must be tried.
        var result = await CheckAsync(_server.Url("true", host: "localhost"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Send));
    }

    [Test]
    public async Task CheckAsync_FollowsARedirectToAnotherLoopbackUrl()
    {
        var result = await CheckAsync(_server.Url("redirect"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.DoNotSend));
        Assert.That(_server.Requests, Is.EqualTo(new[] { "/redirect", "/false?via=redirect" }));
    }

    [Test]
    public async Task CheckAsync_FollowsARelativeTemporaryRedirect()
    {
        var result = await CheckAsync(_server.Url("redirect-relative"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Send));
    }

    [Test]
    public async Task CheckAsync_FollowsThreeRedirects()
    {
        var result = await CheckAsync(_server.Url("redirect-chain/2"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Send));
        Assert.That(_server.Requests, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task CheckAsync_WithMoreThanThreeRedirects_ReturnsRetryableWithoutAFifthRequest()
    {
        var result = await CheckAsync(_server.Url("loop"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Retryable));
        Assert.That(result.Reason, Does.Contain("more than 3 redirects"));
        Assert.That(_server.Requests, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task CheckAsync_WithARedirectWithoutLocation_ReturnsRetryable()
    {
        var result = await CheckAsync(_server.Url("redirect-without-location"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Retryable));
        Assert.That(result.Reason, Does.Contain("HTTP 302 without a Location"));
    }

    [Test]
    public async Task CheckAsync_WithARedirectToFtp_ReturnsRefusedWithoutFollowingIt()
    {
        var result = await CheckAsync(_server.Url("redirect-ftp"));

        Assert.That(result.Verdict, Is.EqualTo(SendConditionVerdict.Refused));
        Assert.That(result.Reason, Does.Contain("ftp"));
    }

    [Test]
    public async Task CheckAsync_OnRetryable_LogsAtInformationWithoutTheQueryString()
    {
        await using var host = SendConditionClientHost.Create(allowPrivateNetworks: true);

        await host.Client.CheckAsync(_server.Url("status/500?orderId=secret-id"), CancellationToken.None);

        var log = host.Logs.Single(l => l.Category.EndsWith("SendConditionClient", StringComparison.Ordinal));
        Assert.That(log.Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Information));
        Assert.That(log.Message, Does.Contain("/status/500").And.Contain("HTTP 500"));
        Assert.That(host.Logs.Select(l => l.Message), Has.None.Contains("secret-id"));
    }

    private static async Task<SendConditionResult> CheckAsync(Uri endpoint)
    {
        await using var host = SendConditionClientHost.Create(allowPrivateNetworks: true);
        return await host.Client.CheckAsync(endpoint, CancellationToken.None);
    }
}
