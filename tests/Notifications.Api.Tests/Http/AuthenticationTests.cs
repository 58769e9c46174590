using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Notifications.Api.Auth;

namespace Notifications.Api.Tests.Http;

/// <summary>The 401/403 matrix of every order route (README.md, API).</summary>
public sealed class AuthenticationTests : ApiTestBase
{
    private Task<HttpResponseMessage> PostWithAsync(string? bearer = null, string? platformToken = null) =>
        Client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, bearer, platformToken, EmailOrder()));

    [Test]
    public async Task Post_WithoutToken_Returns401ProblemDetails()
    {
        var response = await PostWithAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    private static IEnumerable<TestCaseData> RejectedBearerTokens()
    {
        yield return new TestCaseData(TestTokens.Bearer(key: TestTokens.UntrustedKey)).SetName("Post_WithBearerSignedByUnknownKey_Returns401");
        yield return new TestCaseData(TestTokens.Tampered(TestTokens.Bearer())).SetName("Post_WithTamperedBearer_Returns401");
        yield return new TestCaseData(TestTokens.Bearer(expires: DateTime.UtcNow.AddMinutes(-2))).SetName("Post_WithExpiredBearer_Returns401");
        yield return new TestCaseData(TestTokens.Bearer(issuer: "https://evil.example/")).SetName("Post_WithWrongIssuer_Returns401");
        yield return new TestCaseData(TestTokens.AlgNone()).SetName("Post_WithAlgNoneToken_Returns401");
        yield return new TestCaseData("not-a-jwt").SetName("Post_WithGarbageBearer_Returns401");
    }

    [TestCaseSource(nameof(RejectedBearerTokens))]
    public async Task Post_WithRejectedBearer_Returns401(string token)
    {
        var response = await PostWithAsync(bearer: token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Post_WithBearerSignedWithSymmetricKey_Returns401()
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestTokens.BearerIssuer,
            Claims = new Dictionary<string, object> { ["scope"] = TestTokens.Scope, ["urn:altinn:org"] = "ttd" },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        });

        Assert.That((await PostWithAsync(bearer: token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Post_WithBearerExpiredWithinClockSkew_IsAccepted()
    {
        var response = await PostWithAsync(bearer: TestTokens.Bearer(expires: DateTime.UtcNow.AddSeconds(-10)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task Post_WithBearerWithoutScope_Returns403ProblemDetails()
    {
        var response = await PostWithAsync(bearer: TestTokens.Bearer(scope: "altinn:serviceowner/instances.read"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Post_WithScopeAmongOthers_IsAccepted()
    {
        var response = await PostWithAsync(bearer: TestTokens.Bearer(scope: $"altinn:serviceowner/instances.read {TestTokens.Scope}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task Post_WithTamperedOrResignedCopyOfAnAcceptedBearer_Returns401()
    {
        var genuine = TestTokens.Bearer();
        Assert.That((await PostWithAsync(bearer: genuine)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var parts = genuine.Split('.');
        var otherSignature = TestTokens.Bearer(key: TestTokens.UntrustedKey).Split('.')[2];
        Assert.That((await PostWithAsync(bearer: TestTokens.Tampered(genuine))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await PostWithAsync(bearer: $"{parts[0]}.{parts[1]}.{otherSignature}")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await PostWithAsync(bearer: $"{parts[0]}.{parts[1]}.")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await PostWithAsync(bearer: genuine)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task Post_WithAcceptedBearer_IsRememberedForTheNextRequest()
    {
        var token = TestTokens.Bearer(org: "digdir");
        var cache = Factory.Services.GetRequiredService<ValidatedTokenCache>();
        Assert.That(cache.Find(token), Is.Null);

        Assert.That((await PostWithAsync(bearer: token)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        Assert.That(cache.Find(token)?.FindFirst(CreatorClaims.OrgClaim)?.Value, Is.EqualTo("digdir"));
        Assert.That((await PostWithAsync(bearer: token)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task Post_WithRememberedBearerWithoutScope_StillReturns403()
    {
        var token = TestTokens.Bearer(scope: "altinn:serviceowner/instances.read");

        Assert.That((await PostWithAsync(bearer: token)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await PostWithAsync(bearer: token)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Post_WithBearerWithoutOrg_Returns403()
    {
        var response = await PostWithAsync(bearer: TestTokens.Bearer(org: null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Post_WithPlatformAccessToken_CreatesOrderOwnedByItsIssuer()
    {
        var response = await PostWithAsync(platformToken: TestTokens.PlatformAccessToken("digdir", "digdir/app"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var order = await JsonOf(await GetAsync(response.Headers.Location!.ToString(), org: "digdir"));
        Assert.That(order["creator"]!.GetValue<string>(), Is.EqualTo("digdir"));
    }

    [Test]
    public async Task Post_WithPlatformAccessTokenFromUntrustedIssuer_Returns401()
    {
        var token = TestTokens.PlatformAccessToken("ttd", key: TestTokens.UntrustedKey);

        Assert.That((await PostWithAsync(platformToken: token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Post_WithPlatformAccessTokenSignedByAnotherIssuersKey_Returns401()
    {
        var token = TestTokens.PlatformAccessToken("ttd", key: TestTokens.PlatformKeys["digdir"]);

        Assert.That((await PostWithAsync(platformToken: token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Post_WithExpiredPlatformAccessToken_Returns401()
    {
        var token = TestTokens.PlatformAccessToken("ttd", expires: DateTime.UtcNow.AddMinutes(-5));

        Assert.That((await PostWithAsync(platformToken: token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Post_WithBothTokensValid_CreatorIsThePlatformTokenIssuer()
    {
        var response = await PostWithAsync(bearer: TestTokens.Bearer("ttd"), platformToken: TestTokens.PlatformAccessToken("digdir", "digdir/app"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await GetAsync(response.Headers.Location!.ToString(), org: "digdir")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetAsync(response.Headers.Location!.ToString(), org: "ttd")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Post_WithValidBearerAndInvalidPlatformToken_IsAcceptedForTheBearersOrg()
    {
        var response = await PostWithAsync(bearer: TestTokens.Bearer("ttd"), platformToken: "garbage");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await GetAsync(response.Headers.Location!.ToString(), org: "ttd")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("GET", "/notifications/api/v1/orders/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11")]
    [TestCase("GET", "/notifications/api/v1/orders/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11/status")]
    [TestCase("GET", "/notifications/api/v1/orders?sendersReference=x")]
    [TestCase("PUT", "/notifications/api/v1/orders/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11/cancel")]
    public async Task OrderEndpoints_WithoutToken_Return401(string method, string url)
    {
        var response = await Client.SendAsync(Request(new HttpMethod(method), url));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
