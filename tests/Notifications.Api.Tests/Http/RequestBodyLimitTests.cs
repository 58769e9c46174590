using System.Net;

namespace Notifications.Api.Tests.Http;

public sealed class RequestBodyLimitTests : ApiTestBase
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Api:MaxRequestBodyBytes"] = "4096" };

    [Test]
    public async Task Post_WithBodyOverTheConfiguredLimit_Returns413ProblemDetails()
    {
        var response = await PostOrderAsync(new { subject = "s", body = new string('b', 5000), recipients = new[] { new { emailAddress = "a@example.com" } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await JsonOf(response))["status"]!.GetValue<int>(), Is.EqualTo(413));
    }

    [Test]
    public async Task Post_WithBodyUnderTheLimit_IsAccepted()
    {
        var response = await PostOrderAsync(new { subject = "s", body = new string('b', 3000), recipients = new[] { new { emailAddress = "a@example.com" } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }
}
