using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Notifications.Api.Tests.Http.Pages;

/// <summary>
/// The landing page at / and the favicon over plain HTTP: served without a token by the service itself, and every link
/// of the page answers.
/// </summary>
public sealed partial class LandingPageTests : ApiTestBase
{
    [GeneratedRegex("(?:href|src)=\"([^\"]*)\"")]
    private static partial Regex Links();

    private static async Task<(HttpResponseMessage Response, string Html)> GetRootAsync(HttpClient client)
    {
        var response = await client.GetAsync("/");
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Get_Root_WithoutAToken_Is200Html_LinkingToTheDocsTheDashboardTheOpenApiDocumentAndTheHealthProbes()
    {
        var (response, html) = await GetRootAsync(Client);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        var links = Links().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.That(links, Is.SupersetOf(new[] { "/docs/", "/dashboard", "/openapi/v1.json", "/health/live", "/health/ready", "/favicon.svg" }));
        Assert.That(html, Does.Contain("<link rel=\"icon\" href=\"/favicon.svg\""));
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("http://").And.Not.Contain("https://"), "no script, nothing from elsewhere");
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.StartWith("default-src 'none';"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
    }

    [Test]
    public async Task Get_EveryLinkOfTheRoot_WithoutAToken_Is200()
    {
        var (_, html) = await GetRootAsync(Client);
        var links = Links().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.That(links, Has.Count.GreaterThanOrEqualTo(7), string.Join(", ", links));

        var answers = new List<string>();
        foreach (var link in links)
        {
            using var response = await Client.GetAsync(link);
            answers.Add($"{link} {(int)response.StatusCode}");
        }

        Assert.That(answers, Is.EqualTo(links.Select(l => $"{l} 200")));
    }

    [TestCase("/favicon.ico", "image/x-icon")]
    [TestCase("/favicon.svg", "image/svg+xml")]
    public async Task Get_Favicon_IsAnImageServedWithoutAToken(string path, string mediaType)
    {
        using var response = await Client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (path.EndsWith(".ico", StringComparison.Ordinal))
        {
            // ICONDIR: reserved 0, type 1 (icon), two images (16 and 32 px).
            Assert.That(bytes.Take(6), Is.EqualTo(new byte[] { 0, 0, 1, 0, 2, 0 }));
            Assert.That((bytes[6], bytes[22]), Is.EqualTo(((byte)16, (byte)32)), "the images' widths");
        }
        else
        {
            Assert.That(System.Text.Encoding.UTF8.GetString(bytes), Does.StartWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        }
    }

    [Test]
    public async Task Get_Dashboard_LinksTheSvgFavicon()
    {
        var html = await Client.GetStringAsync("/dashboard");

        Assert.That(html, Does.Contain("<link rel=\"icon\" href=\"/favicon.svg\""));
    }

    [TestCase("/index.html")]
    [TestCase("/Notifications.Api.Pages.index.html")]
    [TestCase("/favicon.png")]
    public async Task Get_AnotherFileAtTheRoot_Is404(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task OpenApiDocument_DoesNotDescribeTheLandingPageOrTheFavicon()
    {
        var paths = JsonNode.Parse(await Client.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.That(paths, Has.None.EqualTo("/").And.None.StartsWith("/favicon").And.None.EqualTo("/landing.css"));
    }
}
