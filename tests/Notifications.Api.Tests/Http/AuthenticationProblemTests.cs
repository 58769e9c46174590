using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifications.Api.Tests.Http.Logging;
using Serilog.Core;
using Serilog.Events;

namespace Notifications.Api.Tests.Http;

/// <summary>What a 401 or 403 says: a problem whose detail names the reason, and one log line that names it too.</summary>
public sealed class AuthenticationProblemTests : ApiTestBase
{
    private const string Audience = "notifications-api";
    private const string NoToken =
        "No token was presented: send a bearer token with the scope altinn:serviceowner/notifications.create "
        + "(Authorization: Bearer …) or a PlatformAccessToken header.";
    private const string LacksScope = "The token lacks the scope altinn:serviceowner/notifications.create.";
    private const string LacksOrg = "The token has no urn:altinn:org claim naming the creator organisation.";
    private const string Algorithms = "tokens must be signed with RS256/384/512, PS256/384/512 or ES256/384/512.";

    private static readonly DateTime LongAgo = new(2026, 1, 1, 8, 30, 0, DateTimeKind.Utc);

    private readonly CapturingSink _sink = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Default"] = "Information",
        ["Authentication:Bearer:ValidAudiences:0"] = Audience,
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(_sink);

    [SetUp]
    public void ClearLog() => _sink.Clear();

    private static string Bearer(string? org = "ttd", string? scope = TestTokens.Scope, string issuer = TestTokens.BearerIssuer,
        System.Security.Cryptography.RSA? key = null, DateTime? expires = null, string? audience = Audience) =>
        TestTokens.Bearer(org, scope, issuer, key, expires, audience: audience);

    private static IEnumerable<TestCaseData> Refusals()
    {
        TestCaseData Case(string name, string? bearer, string? platform, HttpStatusCode status, string detail) =>
            new TestCaseData(bearer, platform, status, detail).SetName($"Refusal_{name}_SaysWhy");

        yield return Case("NoToken", null, null, HttpStatusCode.Unauthorized, NoToken);
        yield return Case("ExpiredBearer", Bearer(expires: LongAgo), null, HttpStatusCode.Unauthorized, "The bearer token expired at 2026-01-01T08:30:00Z.");
        yield return Case("BearerSignedByUnknownKey", Bearer(key: TestTokens.UntrustedKey), null, HttpStatusCode.Unauthorized,
            "The bearer token's signature does not verify with the key of any trusted issuer.");
        yield return Case("TamperedBearer", TestTokens.Tampered(Bearer()), null, HttpStatusCode.Unauthorized,
            "The bearer token's signature does not verify with the key of any trusted issuer.");
        yield return Case("UnknownIssuer", Bearer(issuer: "https://evil.example/"), null, HttpStatusCode.Unauthorized,
            "The bearer token is from an issuer that is not trusted.");
        yield return Case("WrongAudience", Bearer(audience: "another-api"), null, HttpStatusCode.Unauthorized,
            "The bearer token is for an audience that is not accepted.");
        yield return Case("AlgNone", TestTokens.AlgNone(), null, HttpStatusCode.Unauthorized,
            $"The bearer token is not signed (alg none or no signature); {Algorithms}");
        yield return Case("SymmetricKey", Hs256Bearer(), null, HttpStatusCode.Unauthorized,
            $"The bearer token is signed with an algorithm that is not accepted; {Algorithms}");
        yield return Case("Garbage", "not-a-jwt", null, HttpStatusCode.Unauthorized, "The bearer token is not a well-formed JWT.");
        yield return Case("ExpiredPlatformToken", null, TestTokens.PlatformAccessToken("ttd", expires: LongAgo), HttpStatusCode.Unauthorized,
            "The platform access token expired at 2026-01-01T08:30:00Z.");
        yield return Case("PlatformTokenFromUntrustedIssuer", null, TestTokens.PlatformAccessToken("evil", key: TestTokens.UntrustedKey), HttpStatusCode.Unauthorized,
            "The platform access token's signature does not verify with the key of any trusted issuer.");
        yield return Case("BothTokensRejected", Bearer(expires: LongAgo), "garbage", HttpStatusCode.Unauthorized,
            "The bearer token expired at 2026-01-01T08:30:00Z. The platform access token is not a well-formed JWT.");
        yield return Case("BearerWithoutScope", Bearer(scope: "altinn:serviceowner/instances.read"), null, HttpStatusCode.Forbidden, LacksScope);
        yield return Case("BearerWithoutOrg", Bearer(org: null), null, HttpStatusCode.Forbidden, LacksOrg);
        yield return Case("BearerWithNeitherScopeNorOrg", Bearer(org: null, scope: null), null, HttpStatusCode.Forbidden, $"{LacksScope} {LacksOrg}");
    }

    [TestCaseSource(nameof(Refusals))]
    public async Task Refusal_IsAProblemWhoseDetailSaysWhy_LoggedOnceWithoutTheToken(string? bearer, string? platform, HttpStatusCode status, string detail)
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, bearer, platform, EmailOrder()));

        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await JsonOf(response);
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo((int)status));
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo(status == HttpStatusCode.Unauthorized ? "Unauthorized" : "Forbidden"));
        Assert.That(problem["detail"]!.GetValue<string>(), Is.EqualTo(detail));
        var traceId = problem["traceId"]!.GetValue<string>();
        Assert.That(traceId, Does.Match("^[0-9a-f]{32}$"));
        if (status == HttpStatusCode.Unauthorized && platform is null)
        {
            Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"), "the scheme still challenges");
        }

        // Written before the answer: no waiting needed. The request line is the request logging's, not the reason.
        var lines = _sink.Events
            .Where(e => e.TraceId?.ToHexString() == traceId && e.Level >= LogEventLevel.Information && !IsRequestLine(e))
            .ToList();
        Assert.That(lines.Select(e => e.RenderMessage()), Has.Exactly(1).Items, "one line names the reason");
        Assert.That(lines[0].RenderMessage(), Does.Contain(detail));
        var everything = string.Join("\n", _sink.Events.Select(e => e.RenderMessage() + e.Exception));
        var tokenParts = new[] { bearer, platform }.OfType<string>().SelectMany(t => t.Split('.')).Where(p => p.Length > 10);
        Assert.That(tokenParts.Where(everything.Contains), Is.Empty, "no part of a token is logged");
    }

    [TestCase("POST", EmailOrdersUrl)]
    [TestCase("POST", EmailOrdersUrl + "/preview")]
    [TestCase("GET", OrdersUrl + "/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11")]
    [TestCase("GET", OrdersUrl + "/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11/status")]
    [TestCase("GET", OrdersUrl + "/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11/notifications/email")]
    [TestCase("GET", OrdersUrl + "?sendersReference=x")]
    [TestCase("PUT", OrdersUrl + "/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11/cancel")]
    [TestCase("POST", "/notifications/api/v1/future/orders")]
    [TestCase("GET", "/notifications/api/v1/future/orders/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11")]
    [TestCase("PUT", "/notifications/api/v1/future/orders/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11/cancel")]
    [TestCase("POST", "/notifications/api/v1/future/orders/instant/email")]
    [TestCase("GET", "/notifications/api/v1/future/shipment/feed")]
    [TestCase("GET", "/notifications/api/v1/future/shipment/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11")]
    [TestCase("GET", "/notifications/api/v1/future/statistics")]
    [TestCase("POST", "/notifications/api/v1/future/webhooks")]
    [TestCase("GET", "/notifications/api/v1/future/webhooks")]
    [TestCase("GET", "/notifications/api/v1/future/webhooks/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11")]
    [TestCase("DELETE", "/notifications/api/v1/future/webhooks/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11")]
    public async Task EveryRoute_SaysWhyItRefused(string method, string url)
    {
        var anonymous = await Client.SendAsync(Request(new HttpMethod(method), url));
        var unscoped = await Client.SendAsync(Request(new HttpMethod(method), url, Bearer(scope: "altinn:serviceowner/instances.read")));

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await JsonOf(anonymous))["detail"]!.GetValue<string>(), Is.EqualTo(NoToken));
        Assert.That(unscoped.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await JsonOf(unscoped))["detail"]!.GetValue<string>(), Is.EqualTo(LacksScope));
    }

    [Test]
    public async Task Post_WithATokenForOurAudience_IsAccepted()
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, Bearer(), json: EmailOrder()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the audience cases above fail for their audience alone");
    }

    private static bool IsRequestLine(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var source) && source.ToString().Contains("RequestLoggingMiddleware");

    private static string Hs256Bearer() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = TestTokens.BearerIssuer,
        Audience = Audience,
        Claims = new Dictionary<string, object> { ["scope"] = TestTokens.Scope, ["urn:altinn:org"] = "ttd" },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
    });
}
