using Notifications.Testing.Webhooks;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>Delivery progress lives in PostgreSQL: it survives a restart and is shared safely by several hosts.</summary>
public sealed class WebhooksMultiHostTests : WebhookTestBase
{
    [Test]
    public async Task AHostStoppedMidDelivery_LeavesTheRestToTheNextHost_NothingLost()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var stalled = new TaskCompletionSource();
        // The third POST hangs until the host stops, so the stop lands in the middle of the subscription's run.
        receiver.Answer = async (index, aborted) =>
        {
            if (index == 2)
            {
                stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, aborted); // hangs until the stopping host drops the request
            }

            return 200;
        };
        var subscription = await SubscribeAsync(receiver.Address);
        var feed = await CompleteOrdersAsync(6);
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(60));

        try
        {
            await StopHostAsync();
            Assert.That(receiver.Accepted, Has.Count.EqualTo(2), "work was left behind at the stop");
            receiver.Answer = null;
        }
        finally
        {
            StartHost();
        }

        await AssertDeliveredAsync(receiver, feed, subscription["secret"]!.GetValue<string>());
        Assert.That(receiver.Accepted, Has.Count.EqualTo(6), "no entry delivered twice");
    }

    [Test]
    public async Task TwoHostsSharingOneSubscription_DeliverEveryEntryOnce_InOrder()
    {
        var otherPickup = Path.Combine(Path.GetTempPath(), $"notifications-pickup-b-{Guid.NewGuid():N}");
        var settings = WebhookSettings(otherPickup);
        // One entry per claim, so the subscription is claimed over and over, by whichever host's poll comes first (a run
        // keeps its claim going while there is more to deliver, so one host may well deliver all of it).
        settings["Webhooks:EntriesPerClaim"] = "1";
        await using var other = new NotificationsApiFactory(settings);
        other.StartServer();
        await StopHostAsync();
        var ours = WebhookSettings(PickupDirectory);
        ours["Webhooks:EntriesPerClaim"] = "1";
        await using var host = new NotificationsApiFactory(ours);
        host.StartServer();
        using var client = host.CreateClient();
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            var subscription = await SubscribeAsync(receiver.Address, client: client);
            var feed = await CompleteOrdersWithAsync(client, 20);

            await AssertDeliveredAsync(receiver, feed, subscription["secret"]!.GetValue<string>(), 120);
            Assert.That(receiver.Received, Has.Count.EqualTo(20), "no entry delivered twice");
            // Which host delivered is a race; that the two never deliver one subscription at once is WebhookQueueTests'.
            TestContext.Out.WriteLine($"{receiver.Received.Select(r => r.RemotePort).Distinct().Count()} sending connections");
        }
        finally
        {
            StartHost();
            if (Directory.Exists(otherPickup))
            {
                Directory.Delete(otherPickup, recursive: true);
            }
        }
    }

    private static async Task<System.Text.Json.Nodes.JsonArray> CompleteOrdersWithAsync(HttpClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var response = await client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(), json: EmailOrder($"user{i}@example.com")));
            Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted));
        }

        System.Text.Json.Nodes.JsonArray feed = [];
        await WaitUntilAsync(
            async () => (feed = (System.Text.Json.Nodes.JsonArray)await JsonOf(await client.SendAsync(Request(HttpMethod.Get, FeedUrl, TestTokens.Bearer())))).Count == count,
            60,
            () => $"{feed.Count} feed entries");
        return feed;
    }
}
