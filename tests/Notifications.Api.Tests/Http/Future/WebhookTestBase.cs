using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Notifications.Testing.Webhooks;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>A dispatching host (Pickup) that allows loopback subscribers, with helpers to subscribe and read the feed.</summary>
public abstract class WebhookTestBase : PipelineTestBase
{
    public const string WebhooksUrl = "/notifications/api/v1/future/webhooks";
    public const string FeedUrl = "/notifications/api/v1/future/shipment/feed";

    protected override IDictionary<string, string?> Settings => WebhookSettings(PickupDirectory);

    public static Dictionary<string, string?> WebhookSettings(string pickupDirectory)
    {
        var settings = PipelineSettings(pickupDirectory);
        // A stalled subscriber costs the suite 2 s, not 10.
        settings["Webhooks:TimeoutSeconds"] = "2";
        return settings;
    }

    protected async Task<JsonNode> SubscribeAsync(Uri url, string org = "ttd", HttpClient? client = null)
    {
        var response = await (client ?? Client).SendAsync(Request(HttpMethod.Post, WebhooksUrl, TestTokens.Bearer(org), json: new { url }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await JsonOf(response);
    }

    protected async Task<JsonArray> FeedAsync(string org = "ttd") => (JsonArray)await JsonOf(await GetAsync(FeedUrl, org));

    /// <summary>Places <paramref name="count"/> one-recipient orders and waits until the feed has them all (numbered).</summary>
    protected async Task<JsonArray> CompleteOrdersAsync(int count, int feedBefore = 0, string org = "ttd")
    {
        for (var i = 0; i < count; i++)
        {
            await CreateOrderAsync(EmailOrder($"user{i}@example.com", sendersReference: $"ref-{i}"), org);
        }

        JsonArray feed = [];
        await WaitUntilAsync(async () => (feed = await FeedAsync(org)).Count == feedBefore + count, 60, () => $"{feed.Count} feed entries");
        return feed;
    }

    /// <summary>Waits until the receiver accepted one POST per entry; then checks order, signatures and bodies.</summary>
    protected static async Task AssertDeliveredAsync(WebhookReceiver receiver, JsonArray entries, string secret, int timeoutSeconds = 60)
    {
        await WaitUntilAsync(
            () => Task.FromResult(receiver.Accepted.Select(r => r.Id).Distinct().Count() >= entries.Count),
            timeoutSeconds,
            () => $"{receiver.Accepted.Count} of {entries.Count} accepted");
        var accepted = receiver.Accepted;
        var expectedIds = entries.Select(e => e!["sequenceNumber"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(accepted.Select(r => r.Id).Distinct(), Is.EqualTo(expectedIds), "every entry, in sequence order");
        foreach (var received in accepted)
        {
            var entry = entries.Single(e => e!["sequenceNumber"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture) == received.Id);
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(received.Body), entry), Is.True, $"body {received.Body} is the feed entry {entry!.ToJsonString()}");
            Assert.That(received.ContentType, Does.StartWith("application/json"));
            Assert.That(received.Signature, Is.EqualTo(ExpectedSignature(secret, received.Id!, received.Timestamp!, received.Body)));
            Assert.That(long.Parse(received.Timestamp!, System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(300));
        }
    }

    /// <summary>Standard Webhooks, computed here independently of the service's signer.</summary>
    protected static string ExpectedSignature(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        using var hmac = new HMACSHA256(key);
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    /// <summary>Makes the subscription's pending retry due now, instead of waiting out its back-off.</summary>
    protected static Task RetryNowAsync(Guid subscription) =>
        ExecuteAsync("UPDATE notifications.webhook_subscriptions SET next_attempt_at = now() WHERE id = $1", subscription);

    /// <summary>
    /// Waits for the cursor to reach <paramref name="sequenceNumber"/> with the failure count reset: the receiver records a
    /// POST before its answer reaches the sender, which moves the cursor only then.
    /// </summary>
    protected static async Task WaitForCursorAsync(long sequenceNumber) =>
        await WaitUntilAsync(
            async () => await ScalarAsync<bool>(
                "SELECT delivered_seq = $1 AND attempts = 0 AND failing_since IS NULL FROM notifications.webhook_subscriptions", sequenceNumber),
            10,
            () => $"the cursor did not reach {sequenceNumber}");

    protected static async Task WaitForFailedAttemptAsync(Guid subscription, int attempts = 1) =>
        await WaitUntilAsync(
            async () => await ScalarAsync<int>("SELECT attempts FROM notifications.webhook_subscriptions WHERE id = $1", subscription) >= attempts,
            30,
            () => $"no {attempts} failed attempt(s) recorded");
}
