using System.Net;
using System.Net.Sockets;
using Notifications.Testing.Webhooks;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>Feed entries pushed to a real loopback subscriber: signed, in order, retried until delivered.</summary>
public sealed class WebhooksDeliveryTests : WebhookTestBase
{
    [Test]
    public async Task CompletedOrders_ArePostedOnePerFeedEntry_InSequenceOrder_Signed_WithTheFeedEntryAsBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = (await SubscribeAsync(receiver.Address))["secret"]!.GetValue<string>();

        var feed = await CompleteOrdersAsync(5);

        await AssertDeliveredAsync(receiver, feed, secret);
        Assert.That(receiver.Received, Has.Count.EqualTo(5), "nothing delivered twice");
        await WaitForCursorAsync(feed[^1]!["sequenceNumber"]!.GetValue<long>());
    }

    [Test]
    public async Task EntriesNumberedBeforeTheSubscription_AreNotDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var before = await CompleteOrdersAsync(2);
        var secret = (await SubscribeAsync(receiver.Address))["secret"]!.GetValue<string>();

        var feed = await CompleteOrdersAsync(1, feedBefore: 2);

        await AssertDeliveredAsync(receiver, [feed[2]!.DeepClone()], secret);
        Assert.That(receiver.Received.Select(r => r.Id), Has.None.AnyOf(before.Select(e => e!["sequenceNumber"]!.ToString()).ToArray()));
    }

    [Test]
    public async Task ASubscriberAnswering500_GetsTheEntryAgainAfterBackoff_ThenTheRest_InOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (index, _) => Task.FromResult(index == 0 ? 500 : 200);
        var subscription = await SubscribeAsync(receiver.Address);
        var id = subscription["id"]!.GetValue<Guid>();

        var feed = await CompleteOrdersAsync(3);
        await WaitForFailedAttemptAsync(id);

        // The first retry is scheduled about 5 s after the failure, and the entry is still the one after the cursor.
        var retryIn = await ScalarAsync<double>(
            "SELECT extract(epoch FROM next_attempt_at - now())::float8 FROM notifications.webhook_subscriptions WHERE id = $1", id);
        Assert.That(retryIn, Is.InRange(0.5, 5.5));
        Assert.That(await ScalarAsync<bool>("SELECT failing_since IS NOT NULL FROM notifications.webhook_subscriptions WHERE id = $1", id));
        Assert.That(receiver.Received.Select(r => r.Status), Is.EqualTo(new[] { 500 }), "a failure stops the run: nothing after it is sent");

        await AssertDeliveredAsync(receiver, feed, subscription["secret"]!.GetValue<string>());
        Assert.That(receiver.Received.Select(r => r.Id).First(), Is.EqualTo(receiver.Accepted[0].Id), "the failed entry came again first");
        await WaitForCursorAsync(feed[^1]!["sequenceNumber"]!.GetValue<long>());
    }

    [Test]
    public async Task ASubscriberThatStalls_TimesOut_AndGetsTheEntryOnTheRetry()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = async (index, aborted) =>
        {
            if (index == 0)
            {
                // A subscriber that really stalls, past the delivery's real 2 s timeout.
                await Task.Delay(TimeSpan.FromSeconds(30), aborted);
            }

            return 200;
        };
        var subscription = await SubscribeAsync(receiver.Address);
        var id = subscription["id"]!.GetValue<Guid>();

        var feed = await CompleteOrdersAsync(2);
        await WaitForFailedAttemptAsync(id);
        await RetryNowAsync(id);

        await AssertDeliveredAsync(receiver, feed, subscription["secret"]!.GetValue<string>());
    }

    [Test]
    public async Task ASubscriberWhosePortRefuses_GetsEverythingOnceItListens()
    {
        var port = FreePort();
        var subscription = await SubscribeAsync(new Uri($"http://127.0.0.1:{port}/hook"));
        var id = subscription["id"]!.GetValue<Guid>();

        var feed = await CompleteOrdersAsync(3);
        await WaitForFailedAttemptAsync(id);
        await using var receiver = await WebhookReceiver.StartAsync(port);
        await RetryNowAsync(id);

        await AssertDeliveredAsync(receiver, feed, subscription["secret"]!.GetValue<string>());
        Assert.That(receiver.Received, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task ARedirect_IsNotFollowed_ButCountsAsAFailure()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (index, _) => Task.FromResult(index == 0 ? 307 : 200);
        var subscription = await SubscribeAsync(receiver.Address);
        var id = subscription["id"]!.GetValue<Guid>();

        var feed = await CompleteOrdersAsync(1);
        await WaitForFailedAttemptAsync(id);
        Assert.That(receiver.Received, Has.Count.EqualTo(1), "the redirect was not followed");
        await RetryNowAsync(id);

        await AssertDeliveredAsync(receiver, feed, subscription["secret"]!.GetValue<string>());
    }

    [Test]
    public async Task AFailingSubscriber_DoesNotDelayAnotherOne()
    {
        await using var failing = await WebhookReceiver.StartAsync();
        failing.Answer = (_, _) => Task.FromResult(503);
        await using var healthy = await WebhookReceiver.StartAsync();
        await SubscribeAsync(failing.Address);
        var secret = (await SubscribeAsync(healthy.Address))["secret"]!.GetValue<string>();

        var feed = await CompleteOrdersAsync(3);

        await AssertDeliveredAsync(healthy, feed, secret);
        Assert.That(failing.Accepted, Is.Empty);
    }

    [Test]
    public async Task AnEntryFailingFor24Hours_IsGivenUp_AndTheNextIsDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (index, _) => Task.FromResult(index == 0 ? 500 : 200);
        var subscription = await SubscribeAsync(receiver.Address);
        var id = subscription["id"]!.GetValue<Guid>();

        var feed = await CompleteOrdersAsync(2);
        await WaitForFailedAttemptAsync(id);
        // As if the first failure had been a day ago: the next failure gives the entry up.
        receiver.Answer = (index, _) => Task.FromResult(index == 1 ? 500 : 200);
        await ExecuteAsync("UPDATE notifications.webhook_subscriptions SET failing_since = now() - interval '25 hours' WHERE id = $1", id);
        await RetryNowAsync(id);

        await AssertDeliveredAsync(receiver, [feed[1]!.DeepClone()], subscription["secret"]!.GetValue<string>());
        Assert.That(receiver.Received.Select(r => r.Status), Is.EqualTo(new[] { 500, 500, 200 }));
        await WaitForCursorAsync(feed[1]!["sequenceNumber"]!.GetValue<long>());
    }

    [Test]
    public async Task Metrics_CountFailedDeliveries_AndShowEachSubscriptionsLag()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _) => Task.FromResult(500);
        var id = (await SubscribeAsync(receiver.Address))["id"]!.GetValue<Guid>();
        await CompleteOrdersAsync(2);
        await WaitForFailedAttemptAsync(id);

        var text = "";
        await WaitUntilAsync(
            async () =>
            {
                text = await Client.GetStringAsync("/metrics");
                return text.Split('\n').Any(line =>
                    line.StartsWith("notifications_webhook_lag{", StringComparison.Ordinal) && line.Contains($"subscription=\"{id}\"", StringComparison.Ordinal)
                    && line.EndsWith(" 2", StringComparison.Ordinal));
            },
            30,
            () => text);
        Assert.That(text, Does.Contain("# TYPE notifications_webhook_deliveries_total counter"));
        Assert.That(text, Does.Contain("notifications_webhook_deliveries_total{otel_scope_name=\"Notifications\",outcome=\"failed\"}"));
        Assert.That(text, Does.Contain("notifications_webhook_deliveries_total{otel_scope_name=\"Notifications\",outcome=\"given_up\"}"), "every outcome exists from the start");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
