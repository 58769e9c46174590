using System.Net;

namespace Notifications.Api.Tests.Http.Dashboard;

/// <summary>/dashboard and its assets over plain HTTP: served without a token, by the service itself, under a strict CSP.</summary>
public sealed class DashboardPageTests : ApiTestBase
{
    [Test]
    public async Task Get_Dashboard_WithoutAToken_Is200Html_WithTheTokenFieldTheShowButtonAndAContentSecurityPolicy()
    {
        using var response = await Client.GetAsync("/dashboard");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("<label for=\"token\">Token</label>").And.Contain("<input id=\"token\"").And.Contain(">Show</button>"));
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("http://").And.Not.Contain("https://"), "no inline script, nothing from elsewhere");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.Contain("script-src 'self'").And.Contain("connect-src 'self'").And.Contain("form-action 'none'"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
    }

    [TestCase("/dashboard/chart.umd.min.js", "text/javascript", "Chart.js v4.6.1")]
    [TestCase("/dashboard/chart.js-LICENSE.txt", "text/plain", "The MIT License (MIT)")]
    [TestCase("/dashboard/dashboard.js", "text/javascript", "sessionStorage")]
    [TestCase("/dashboard/api.js", "text/javascript", "Authorization: 'Bearer '")]
    [TestCase("/dashboard/charts.js", "text/javascript", "new Chart(")]
    [TestCase("/dashboard/dashboard.css", "text/css", ".tiles")]
    public async Task Get_DashboardAsset_IsServedByTheServiceWithoutAToken(string path, string mediaType, string content)
    {
        using var response = await Client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(content));
    }

    [Test]
    public async Task Get_ChartLibrary_Again_WithItsETag_Is304()
    {
        using var first = await Client.GetAsync("/dashboard/chart.umd.min.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/chart.umd.min.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await Client.SendAsync(again);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [TestCase("/dashboard/nothing.js")]
    [TestCase("/dashboard/..%2FProgram.cs")]
    [TestCase("/dashboard/Notifications.Api.Dashboard.index.html")]
    public async Task Get_AnythingElseUnderDashboard_Is404(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task OpenApiDocument_DoesNotDescribeTheDashboard()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");

        Assert.That(document, Does.Not.Contain("/dashboard"));
    }
}
