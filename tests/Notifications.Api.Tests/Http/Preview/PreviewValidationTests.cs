using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Http.Preview;

/// <summary>The preview refuses exactly what registration refuses, with the same answer, and needs the same token.</summary>
public sealed class PreviewValidationTests : ApiTestBase
{
    private const string PreviewUrl = PreviewEmailOrderTests.PreviewUrl;

    private static IEnumerable<TestCaseData> InvalidBodies()
    {
        foreach (var request in ValidationTests.InvalidRequests.Cast<object[]>())
        {
            yield return new TestCaseData((string)request[0], "application/json").SetArgDisplayNames((string)request[1], (string)request[2]);
        }

        const string Valid = """{"subject":"s","body":"b","recipients":[{"emailAddress":"a@example.com"}]}""";
        string[] json =
        [
            $$"""{"subject":"{{new string('s', 1001)}}","body":"b","recipients":[{"emailAddress":"a@example.com"}]}""",
            $$"""{"subject":"s","body":"b","sendersReference":"{{new string('r', 101)}}","recipients":[{"emailAddress":"a@example.com"}]}""",
            $$"""{"subject":"s","body":"b","resourceId":"{{new string('r', 256)}}","recipients":[{"emailAddress":"a@example.com"}]}""",
            """{"subject":"a\u0000b","body":"b","recipients":[{"emailAddress":"a@example.com"}]}""",
            """{"subject":"s","subject":"t","body":"b","recipients":[{"emailAddress":"a@example.com"}]}""",
            """{"subject":"s","body":"b","recipients":[null,{},{"emailAddress":"x"}]}""",
            """{"subject":"s","body":"b","contentType":"Markdown","recipients":[{"emailAddress":"a@example.com"}]}""",
            """{"subject":"s","body":"b","contentType":1,"recipients":[{"emailAddress":"a@example.com"}]}""",
            """{"subject":"s","body":"b","ignoreReservation":"yes","recipients":[{"emailAddress":"a@example.com"}]}""",
            """{"subject":"s","body":"b","recipients":{"emailAddress":"a@example.com"}}""",
            """{"subject":"s","body":"b","requestedSendTime":"tomorrow","recipients":[{"emailAddress":"a@example.com"}]}""",
            Valid[..^1],
            "",
            "[]",
        ];
        foreach (var body in json)
        {
            yield return new TestCaseData(body, "application/json").SetArgDisplayNames(body.Length > 60 ? body[..60] + "…" : body);
        }

        yield return new TestCaseData(Valid, "text/plain").SetArgDisplayNames("text/plain");
        yield return new TestCaseData(Valid, "application/xml").SetArgDisplayNames("application/xml");
    }

    private async Task<(HttpStatusCode Status, string? MediaType, JsonNode? Errors)> AnswerAsync(string url, string body, string contentType)
    {
        var request = Request(HttpMethod.Post, url, TestTokens.Bearer());
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var problem = text.Length == 0 ? null : JsonNode.Parse(text);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, problem?["errors"]);
    }

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task Preview_OfAnInvalidOrder_AnswersExactlyAsRegistrationDoes(string body, string contentType)
    {
        var registration = await AnswerAsync(EmailOrdersUrl, body, contentType);
        var preview = await AnswerAsync(PreviewUrl, body, contentType);

        Assert.That(registration.Status, Is.AnyOf(HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType), "the case is invalid");
        Assert.That(preview.Status, Is.EqualTo(registration.Status));
        Assert.That(preview.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(preview.Errors?.ToJsonString(), Is.EqualTo(registration.Errors?.ToJsonString()));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders"), Is.Zero);
    }

    [Test]
    public async Task Preview_WithoutToken_Returns401ProblemDetails()
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, PreviewUrl, json: EmailOrder()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Preview_WithUntrustedToken_Returns401()
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, PreviewUrl, TestTokens.Bearer(key: TestTokens.UntrustedKey), json: EmailOrder()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("altinn:serviceowner/instances.read", "ttd")]
    [TestCase(TestTokens.Scope, null)]
    public async Task Preview_WithoutTheScopeOrACreator_Returns403(string scope, string? org)
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, PreviewUrl, TestTokens.Bearer(org, scope), json: EmailOrder()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Preview_WithAPlatformAccessToken_IsAnswered()
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, PreviewUrl, platformToken: TestTokens.PlatformAccessToken("digdir", "digdir/app"), json: EmailOrder()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
