using System.Net;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>
/// Subscriber URLs under the production SSRF rules (<c>SendCondition:AllowPrivateNetworks</c> false): https only and
/// public addresses only, so a creator cannot make the service POST into its own network.
/// </summary>
public sealed class WebhooksGuardTests : ApiTestBase
{
    [TestCase("http://example.com/hook", "https")]
    [TestCase("https://127.0.0.1/hook", "127.0.0.1")]
    [TestCase("https://10.1.2.3/hook", "10.1.2.3")]
    [TestCase("https://192.168.0.1/hook", "192.168.0.1")]
    [TestCase("https://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [TestCase("https://[::1]/hook", "::1")]
    [TestCase("https://[::ffff:10.0.0.1]/hook", "10.0.0.1")]
    [TestCase("https://localhost/hook", "localhost")]
    public async Task Post_WithAUrlTheGuardRefuses_Is400NamingUrl(string url, string named)
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, WebhooksEndpoint, TestTokens.Bearer(), json: new { url }));
        var body = await JsonOf(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["errors"]!["Url"]![0]!.GetValue<string>(), Does.Contain(named));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.webhook_subscriptions"), Is.Zero);
    }

    private const string WebhooksEndpoint = WebhookTestBase.WebhooksUrl;
}
