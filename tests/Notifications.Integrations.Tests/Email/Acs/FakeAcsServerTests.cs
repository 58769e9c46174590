using System.Net;
using System.Text;
using Notifications.Integrations.Email.Acs;
using Notifications.Testing.Email.Acs;

namespace Notifications.Integrations.Tests.Email.Acs;

/// <summary>The fake itself: it must refuse what ACS refuses, or the client tests would prove nothing.</summary>
public sealed class FakeAcsServerTests
{
    private const string Body = "{\"senderAddress\":\"a@b.no\",\"content\":{\"subject\":\"S\",\"plainText\":\"P\"},\"recipients\":{\"to\":[{\"address\":\"c@d.no\"}]}}";

    private FakeAcsServer _fake = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task StartFake()
    {
        _fake = await FakeAcsServer.StartAsync();
        _http = new HttpClient();
    }

    [TearDown]
    public async Task StopFake()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task Send_SignedCorrectly_IsAccepted()
    {
        using var response = await _http.SendAsync(Signed(Body, Body, DateTimeOffset.UtcNow));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(_fake.Emails, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Send_WithABodyOtherThanTheOneSigned_IsDeniedForTheContentHash()
    {
        using var response = await _http.SendAsync(Signed(signedBody: Body, sentBody: Body.Replace("\"S\"", "\"T\"", StringComparison.Ordinal), DateTimeOffset.UtcNow));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"code\":\"Denied\""));
        Assert.That(_fake.Requests.Single().Rejection, Is.EqualTo("x-ms-content-sha256 does not match the body"));
    }

    [Test]
    public async Task Send_SignedSixMinutesAgo_IsDeniedForTheDate()
    {
        using var response = await _http.SendAsync(Signed(Body, Body, DateTimeOffset.UtcNow.AddMinutes(-6)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_fake.Requests.Single().Rejection, Does.StartWith("x-ms-date"));
    }

    [Test]
    public async Task Send_WithoutASignature_IsDenied()
    {
        using var response = await _http.PostAsync(Url("2023-03-31"), new StringContent(Body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.GetValues("x-ms-error-code").Single(), Is.EqualTo("Denied"));
    }

    [Test]
    public async Task Send_SignedForAnotherPath_IsDeniedForTheSignature()
    {
        var request = Signed(Body, Body, DateTimeOffset.UtcNow);
        request.RequestUri = Url("2099-01-01");

        using var response = await _http.SendAsync(request);

        Assert.That(_fake.Requests.Single().Rejection, Is.EqualTo("signature mismatch"));
    }

    // Not new Uri(Endpoint, "emails:send"): relative to a base, "emails:send" parses as a URI with the scheme "emails".
    private Uri Url(string apiVersion) => new(_fake.Endpoint.AbsoluteUri.TrimEnd('/') + "/emails:send?api-version=" + apiVersion);

    private HttpRequestMessage Signed(string signedBody, string sentBody, DateTimeOffset date)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url("2023-03-31"))
        {
            Content = new StringContent(sentBody, Encoding.UTF8, "application/json"),
        };
        AcsHmacSigningHandler.Sign(request, Encoding.UTF8.GetBytes(signedBody), date, Convert.FromBase64String(_fake.AccessKey));
        return request;
    }
}
