using Microsoft.Extensions.DependencyInjection;
using Notifications.Api.Jobs;
using Notifications.Persistence;

namespace Notifications.Api.Tests.Http;

/// <summary>Several hosts on one database: work is shared through SKIP LOCKED claims, never done twice, never lost.</summary>
public sealed class MultiHostTests : PipelineTestBase
{
    private readonly JobRuns _runs = new();

    protected override void ConfigureServices(IServiceCollection services) => _runs.Register(services);

    private static object BulkOrder(int recipients, int offset) => new
    {
        subject = "Bulk $recipientName$",
        body = "b",
        recipients = Enumerable.Range(offset, recipients).Select(i => new { emailAddress = $"user{i}@example.com" }).ToArray(),
    };

    private static Task<long> CountAsync(string sql, params object[] parameters) => ScalarAsync<long>(sql, parameters);

    [Test]
    public async Task TwoHosts_Send5000Emails_EachExactlyOnce()
    {
        var otherPickup = Path.Combine(Path.GetTempPath(), $"notifications-pickup-b-{Guid.NewGuid():N}");
        await using var otherHost = new NotificationsApiFactory(PipelineSettings(otherPickup));
        otherHost.StartServer();

        var orderIds = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            orderIds.Add(await CreateOrderAsync(BulkOrder(500, i * 500)));
        }

        await WaitUntilAsync(
            async () => await CountAsync("SELECT count(*) FROM notifications.orders WHERE processing_status = 'Completed'") == 10,
            120,
            () => "orders still not completed");

        var here = PickedUpFiles().Select(Path.GetFileName).ToHashSet();
        var there = Directory.GetFiles(otherPickup, "*.eml").Select(Path.GetFileName).ToHashSet();
        Assert.That(here.Count + there.Count, Is.EqualTo(5000), "one file per email, whichever host sent it");
        Assert.That(here.Intersect(there), Is.Empty, "no email was sent by both hosts");
        Assert.That(await CountAsync("SELECT count(*) FROM notifications.email_notifications WHERE status = 'Succeeded'"), Is.EqualTo(5000));
        TestContext.Out.WriteLine($"host A sent {here.Count}, host B sent {there.Count}");
        Directory.Delete(otherPickup, recursive: true);
    }

    [Test]
    public async Task OrderTakenByAnApiOnlyHost_IsSentByAnotherHostWokenThroughNotify()
    {
        // This fixture's host dispatches but polls only once a minute: only a wake-up can make it prompt.
        await StopHostAsync();
        var slowPoll = PipelineSettings(PickupDirectory);
        slowPoll["Dispatch:PollIntervalSeconds"] = "60";
        var dispatcherRuns = new JobRuns();
        await using var dispatcher = new NotificationsApiFactory(slowPoll, dispatcherRuns.Register);
        dispatcher.StartServer();
        await using var apiOnly = new NotificationsApiFactory(new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" });
        apiOnly.StartServer();
        using var client = apiOnly.CreateClient();
        await WaitUntilAsync(
            () => Task.FromResult(dispatcherRuns.HasFinishedRunStartedAfter(DispatchJobKeys.ProcessDueOrders, DateTimeOffset.MinValue)),
            30, () => "the dispatcher's first poll did not run");
        // Both hosts LISTEN for wake-ups (this fixture's own is stopped): a NOTIFY before that would be lost.
        await WaitUntilAsync(
            async () => await ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND query LIKE 'LISTEN%'",
                PostgresWakeChannel.ListenerApplicationName) >= 2,
            30, () => "the hosts are not listening for wake-ups");

        var dueNow = await client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(), json: EmailOrder("now@example.com")));
        await WaitUntilAsync(() => Task.FromResult(PickedUpFiles().Count == 1), 5, () => "the due order was not sent within 5 s");

        var dueAt = DateTimeOffset.UtcNow.AddSeconds(3);
        await client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(), json: EmailOrder("later@example.com", sendTime: dueAt)));
        await WaitUntilAsync(() => Task.FromResult(PickedUpFiles().Count == 2), 10, () => "the future order was not sent when due");

        var sentLate = PickedUpFiles().Select(File.GetLastWriteTimeUtc).Max() - dueAt.UtcDateTime;
        TestContext.Out.WriteLine($"future order sent {sentLate.TotalMilliseconds:F0} ms after it became due");
        Assert.That(sentLate, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(dueNow.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted));
        StartHost();
    }

    [Test]
    public async Task OrderClaimedByADeadHost_IsTakenOverWhenItsLeaseExpires()
    {
        var orderId = await CreateOrderAsync(EmailOrder(sendTime: DateTimeOffset.UtcNow.AddDays(1)));
        // As if another host had claimed the order and died: its lease runs out in four seconds.
        var leaseEnds = await ScalarAsync<DateTime>("""
            UPDATE notifications.orders
            SET processing_status = 'Processing', claim_token = gen_random_uuid(), lease_expires_at = now() + interval '4 seconds',
                requested_send_time = now(), due_at = now()
            WHERE id = $1
            RETURNING lease_expires_at
            """, orderId);
        var claimedAt = DateTimeOffset.UtcNow;

        // Recovery has looked at the claim, and dispatch has sent an order registered after it.
        await WaitUntilAsync(
            () => Task.FromResult(_runs.HasFinishedRunStartedAfter(DispatchJobKeys.RecoverStaleClaims, claimedAt)), 20, () => "recovery did not run");
        await SendMarkerOrderAsync();
        var recipients = await PickedUpRecipientsAsync();
        var status = await OrderStatusAsync(orderId);
        Assume.That(await ScalarAsync<bool>("SELECT now() < $1", leaseEnds), "looked at while the lease ran");
        Assert.That(recipients, Is.EqualTo(new[] { MarkerAddress }), "the claim is respected while its lease runs");
        Assert.That(status, Is.EqualTo("Processing"));
        await WaitForOrderStatusAsync(orderId, "Completed");

        Assert.That(PickedUpFiles(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task EmailsClaimedByADeadHost_AreSentAfterTheLeaseExpires()
    {
        var orderId = await CreateOrderAsync(EmailOrder(sendTime: DateTimeOffset.UtcNow.AddDays(1)));
        await ExecuteAsync("UPDATE notifications.orders SET processing_status = 'Processed', requested_send_time = now() WHERE id = $1", orderId);
        await ExecuteAsync("""
            INSERT INTO notifications.email_notifications
                (id, order_id, email_address, status, status_changed, expires_at, attempts, next_attempt_at, claim_token, lease_expires_at)
            SELECT gen_random_uuid(), $1, 'dead' || i || '@example.com', 'Sending', now(), now() + interval '48 hours', 1, now(),
                   gen_random_uuid(), now() + interval '2 seconds'
            FROM generate_series(1, 50) AS i
            """, orderId);

        await WaitForOrderStatusAsync(orderId, "Completed");

        Assert.That(PickedUpFiles(), Has.Count.EqualTo(50));
        Assert.That(await CountAsync("SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Succeeded'", orderId), Is.EqualTo(50));
    }

    [Test]
    public async Task HostStoppedMidBatch_LeavesNothingLostAndNothingDoubled()
    {
        // Both hosts write to one pickup directory, as two hosts sharing a mail drop would.
        var settings = PipelineSettings(PickupDirectory);
        settings["Dispatch:EmailBatchSize"] = "500";
        settings["Dispatch:SendConcurrency"] = "2";
        var stopping = new NotificationsApiFactory(settings);
        stopping.StartServer();
        await StopHostAsync(); // this fixture's own host pauses, so the stopping host takes the first batches
        try
        {
            using var client = stopping.CreateClient();
            var request = Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(), json: BulkOrder(3000, 0));
            var orderId = (await JsonOf(await client.SendAsync(request)))["orderId"]!.GetValue<Guid>();

            await WaitUntilAsync(() => Task.FromResult(PickedUpFiles().Count > 200), 60, () => "no emails sent by the first host");
            await stopping.DisposeAsync();
            var leftBehind = await CountAsync(
                "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status IN ('New', 'Sending')", orderId);
            TestContext.Out.WriteLine($"stopped with {PickedUpFiles().Count} files written, {leftBehind} emails not final");

            StartHost();
            await WaitForOrderStatusAsync(orderId, "Completed", timeoutSeconds: 60);

            var ids = PickedUpFiles().Select(Path.GetFileNameWithoutExtension).ToList();
            Assert.That(ids, Has.Count.EqualTo(3000));
            Assert.That(await CountAsync("SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Succeeded'", orderId), Is.EqualTo(3000));
        }
        finally
        {
            await stopping.DisposeAsync();
        }
    }
}
