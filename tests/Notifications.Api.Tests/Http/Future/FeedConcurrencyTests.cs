using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>
/// The feed's promise end to end: two hosts complete hundreds of shipments at once (sending, cancelling) while a reader
/// follows its cursor through one of them in small pages; it sees every entry exactly once, in order.
/// </summary>
public sealed class FeedConcurrencyTests : PipelineTestBase
{
    [Test]
    public async Task TwoHostsCompletingAtOnce_AReaderFollowingTheCursorSeesEveryEntryOnce()
    {
        const int sent = 240, cancelled = 60;
        var otherPickup = Path.Combine(Path.GetTempPath(), $"notifications-pickup-feed-{Guid.NewGuid():N}");
        await using var otherHost = new NotificationsApiFactory(PipelineSettings(otherPickup));
        otherHost.StartServer();
        using var otherClient = otherHost.CreateClient();

        var seen = new List<JsonNode>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var reading = Task.Run(async () =>
        {
            var cursor = 0L;
            while (seen.Count < sent + cancelled && !stop.IsCancellationRequested)
            {
                var page = (await JsonOf(await GetAsync($"/notifications/api/v1/future/shipment/feed?seq={cursor}&pageSize=13"))).AsArray();
                seen.AddRange(page.Select(e => e!));
                cursor = page.Count > 0 ? page[^1]!["sequenceNumber"]!.GetValue<long>() : cursor;
                await Task.Delay(page.Count == 0 ? 20 : 0); // a reader polling the feed, as a subscriber would; the token is its deadline
            }
        });

        // Orders due now go out from both hosts; the later ones are cancelled through both, 32 requests at a time.
        using var inFlight = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, sent + cancelled).Select(async i =>
        {
            await inFlight.WaitAsync();
            using var release = new Releaser(inFlight);
            var client = i % 2 == 0 ? Client : otherClient;
            var later = i >= sent;
            var response = await client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(),
                json: EmailOrder($"feed{i}@example.com", sendTime: later ? DateTimeOffset.UtcNow.AddHours(1) : null)));
            Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
            var orderId = (await JsonOf(response))["orderId"]!.GetValue<Guid>();
            if (later)
            {
                await client.SendAsync(Request(HttpMethod.Put, $"{OrdersUrl}/{orderId}/cancel", TestTokens.Bearer()));
            }
        }));
        await reading;

        Assert.That(seen, Has.Count.EqualTo(sent + cancelled), "every final shipment, once");
        Assert.That(seen.Select(e => e["shipmentId"]!.GetValue<Guid>()).Distinct().Count(), Is.EqualTo(sent + cancelled));
        Assert.That(seen.Select(e => e["sequenceNumber"]!.GetValue<long>()), Is.Ordered.Ascending.And.Unique);
        Assert.That(seen.Count(e => e["status"]!.GetValue<string>() == "Order_Cancelled"), Is.EqualTo(cancelled));
        Directory.Delete(otherPickup, recursive: true);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
