using System.Net;
using System.Text.Json.Nodes;
using Notifications.Testing.Webhooks;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>Subscribing, listing and deleting webhooks, with the per-creator limit and creator isolation.</summary>
public sealed class WebhooksSubscriptionTests : WebhookTestBase
{
    private const string PublicBaseUrl = "https://notifications.example.com";

    private static readonly Uri Hook = new("http://127.0.0.1:9/hook");

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = WebhookSettings(PickupDirectory);
            settings["Api:PublicBaseUrl"] = PublicBaseUrl + "/";
            return settings;
        }
    }

    [Test]
    public async Task Post_ReturnsCreatedWithLocationAndAWhsecSecretOf32Bytes()
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, WebhooksUrl, TestTokens.Bearer(), json: new { url = Hook }));
        var body = await JsonOf(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var id = body["id"]!.GetValue<Guid>();
        Assert.That(response.Headers.Location!.ToString(), Does.EndWith($"{WebhooksUrl}/{id}"));
        Assert.That(body["url"]!.GetValue<string>(), Is.EqualTo(Hook.ToString()));
        var secret = body["secret"]!.GetValue<string>();
        Assert.That(secret, Does.StartWith("whsec_"));
        Assert.That(Convert.FromBase64String(secret["whsec_".Length..]), Has.Length.EqualTo(32));
        Assert.That(body["created"]!.GetValue<DateTimeOffset>(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task Post_Location_IsAbsoluteUnderThePublicBaseUrl_AndReadsTheSubscriptionBackWithoutItsSecret()
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, WebhooksUrl, TestTokens.Bearer(), json: new { url = Hook }));
        var created = await JsonOf(response);
        var id = created["id"]!.GetValue<Guid>();

        Assert.That(response.Headers.Location, Is.EqualTo(new Uri($"{PublicBaseUrl}{WebhooksUrl}/{id}")));
        var read = await GetAsync(response.Headers.Location!.PathAndQuery);
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var subscription = (JsonObject)await JsonOf(read);
        Assert.That(subscription.Select(p => p.Key), Is.EquivalentTo(new[] { "id", "url", "created" }), "no secret");
        Assert.That(subscription["id"]!.GetValue<Guid>(), Is.EqualTo(id));
        Assert.That(subscription["url"]!.GetValue<string>(), Is.EqualTo(Hook.ToString()));
        Assert.That(subscription["created"]!.GetValue<DateTimeOffset>(), Is.EqualTo(created["created"]!.GetValue<DateTimeOffset>()));
    }

    [TestCase("unknown")]
    [TestCase("another creator's")]
    [TestCase("not a GUID")]
    public async Task GetOne_UnknownOrAnotherCreatorsOrNotAGuid_Is404LikeDelete(string which)
    {
        var mine = (await SubscribeAsync(Hook))["id"]!.GetValue<Guid>();
        var url = which switch
        {
            "unknown" => $"{WebhooksUrl}/{Guid.NewGuid()}",
            "another creator's" => $"{WebhooksUrl}/{mine}",
            _ => $"{WebhooksUrl}/not-a-guid",
        };

        var response = await GetAsync(url, org: which == "another creator's" ? "nav" : "ttd");
        var deleted = await Client.SendAsync(Request(HttpMethod.Delete, $"{WebhooksUrl}/{Guid.NewGuid()}", TestTokens.Bearer()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await JsonOf(response);
        var deleteProblem = await JsonOf(deleted);
        Assert.That(problem["detail"]!.GetValue<string>(), Is.EqualTo("Webhook not found."));
        foreach (var member in new[] { "type", "title", "status", "detail" })
        {
            Assert.That(problem[member]!.ToJsonString(), Is.EqualTo(deleteProblem[member]!.ToJsonString()), member);
        }

        Assert.That(problem["traceId"], Is.Not.Null);
    }

    [Test]
    public async Task Get_ListsTheCallersSubscriptionsWithoutSecrets()
    {
        var first = await SubscribeAsync(Hook);
        var second = await SubscribeAsync(new Uri("http://127.0.0.1:9/other"));

        var list = (JsonArray)await JsonOf(await GetAsync(WebhooksUrl));

        Assert.That(list.Select(s => s!["id"]!.GetValue<Guid>()), Is.EqualTo(new[] { first["id"]!.GetValue<Guid>(), second["id"]!.GetValue<Guid>() }));
        Assert.That(list.Select(s => s!.AsObject().ContainsKey("secret")), Is.All.False);
        Assert.That(list[1]!["url"]!.GetValue<string>(), Is.EqualTo("http://127.0.0.1:9/other"));
    }

    [Test]
    public async Task Delete_RemovesTheSubscription_AndAnUnknownIdIs404()
    {
        var id = (await SubscribeAsync(Hook))["id"]!.GetValue<Guid>();

        var deleted = await Client.SendAsync(Request(HttpMethod.Delete, $"{WebhooksUrl}/{id}", TestTokens.Bearer()));
        var again = await Client.SendAsync(Request(HttpMethod.Delete, $"{WebhooksUrl}/{id}", TestTokens.Bearer()));

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((JsonArray)await JsonOf(await GetAsync(WebhooksUrl)), Is.Empty);
    }

    [Test]
    public async Task Post_ASixthSubscription_Is400NamingUrl()
    {
        for (var i = 0; i < 5; i++)
        {
            await SubscribeAsync(new Uri($"http://127.0.0.1:9/hook{i}"));
        }

        var sixth = await Client.SendAsync(Request(HttpMethod.Post, WebhooksUrl, TestTokens.Bearer(), json: new { url = Hook }));

        Assert.That(sixth.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonOf(sixth))["errors"]!["Url"]![0]!.GetValue<string>(), Does.Contain("At most 5"));
        Assert.That((await SubscribeAsync(Hook, org: "nav"))["id"], Is.Not.Null, "the limit is per creator");
    }

    [Test]
    public async Task AnotherCreator_NeitherSeesNorDeletesTheSubscription_NorGetsItsEntries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(receiver.Address);
        var id = subscription["id"]!.GetValue<Guid>();

        var listed = (JsonArray)await JsonOf(await GetAsync(WebhooksUrl, "nav"));
        var deleted = await Client.SendAsync(Request(HttpMethod.Delete, $"{WebhooksUrl}/{id}", TestTokens.Bearer("nav")));
        await CompleteOrdersAsync(1, org: "nav");
        var ours = await CompleteOrdersAsync(1);

        Assert.That(listed, Is.Empty);
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        // Exactly ttd's one entry: nav's, numbered before it, is not ttd's to receive.
        await AssertDeliveredAsync(receiver, ours, subscription["secret"]!.GetValue<string>());
    }

    [TestCase("")]
    [TestCase("not a url")]
    [TestCase("/relative/hook")]
    [TestCase("ftp://127.0.0.1/hook")]
    public async Task Post_WithAnInvalidUrl_Is400NamingUrl(string url)
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, WebhooksUrl, TestTokens.Bearer(), json: new { url }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonOf(response))["errors"]!["Url"], Is.Not.Null);
    }

    [Test]
    public async Task EveryRoute_WithoutAToken_Is401()
    {
        var post = await Client.SendAsync(Request(HttpMethod.Post, WebhooksUrl, json: new { url = Hook }));
        var get = await Client.SendAsync(Request(HttpMethod.Get, WebhooksUrl));
        var getOne = await Client.SendAsync(Request(HttpMethod.Get, $"{WebhooksUrl}/{Guid.NewGuid()}"));
        var delete = await Client.SendAsync(Request(HttpMethod.Delete, $"{WebhooksUrl}/{Guid.NewGuid()}"));

        Assert.That(new[] { post.StatusCode, get.StatusCode, getOne.StatusCode, delete.StatusCode }, Is.All.EqualTo(HttpStatusCode.Unauthorized));
    }
}
