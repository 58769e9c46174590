using System.Diagnostics;
using Notifications.Api.Tests.Integrations.Email;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// Each email once behind an SMTP relay slower than the lease, and a graceful stop in the middle of a batch. Counted where
/// the emails leave us: the relay's Message-IDs (a real aiosmtpd server on loopback that takes its time per message).
/// </summary>
public sealed class SlowSmtpRelayTests : PipelineTestBase
{
    private SmtpSink _sink = null!;

    protected override IDictionary<string, string?> Settings => SlowRelaySettings(leaseSeconds: 5);

    private Dictionary<string, string?> SlowRelaySettings(int leaseSeconds) => new(base.Settings)
    {
        ["Email:Provider"] = "Smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Dispatch:LeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Dispatch:SendConcurrency"] = "1",
        ["Dispatch:EmailBatchSize"] = "20",
        ["Dispatch:RecoverIntervalSeconds"] = "1",
    };

    protected override async Task BeforeHostStartsAsync() => _sink = await SmtpSink.StartAsync(dataDelaySeconds: 1);

    [OneTimeTearDown]
    public async Task StopSinkAsync() => await _sink.DisposeAsync();

    private static object Order(int recipients) => new
    {
        subject = "s",
        body = "b",
        recipients = Enumerable.Range(0, recipients).Select(i => new { emailAddress = $"slow{i}@example.com" }).ToArray(),
    };

    private List<string?> MessageIds(int skip) => _sink.Messages().Skip(skip).Select(m => m.Message.MessageId).ToList();

    [Test]
    public async Task RelaySlowerThanTheLease_ReceivesEachEmailOnce()
    {
        // 20 emails one at a time at 1 s each hold a 5 s claim for 20 s, with recovery looking for expired claims every second.
        var before = _sink.Messages().Count;
        var orderId = await CreateOrderAsync(Order(20));

        await WaitForOrderStatusAsync(orderId, "Completed", timeoutSeconds: 120);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a doubled send would still be on its way

        var ids = MessageIds(before);
        TestContext.Out.WriteLine($"{ids.Count} messages for {ids.Distinct().Count()} Message-IDs");
        Assert.That(ids, Has.Count.EqualTo(20));
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public async Task HostStoppedMidBatch_FinishesTheSendInFlightAndTheNextHostSendsTheRestAtOnce()
    {
        // A long lease: if the stopped host left its claims to expire, the next host would wait two minutes.
        await StopHostAsync();
        var stopping = new NotificationsApiFactory(SlowRelaySettings(leaseSeconds: 120));
        var before = _sink.Messages().Count;
        Guid orderId;
        try
        {
            stopping.StartServer();
            using var client = stopping.CreateClient();
            var created = await client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(), json: Order(12)));
            orderId = (await JsonOf(created))["orderId"]!.GetValue<Guid>();
            await WaitUntilAsync(() => Task.FromResult(MessageIds(before).Count >= 2), 60, () => "the first host sent nothing");

            var stopClock = Stopwatch.StartNew();
            await stopping.DisposeAsync(); // what SIGTERM does: IHostApplicationLifetime.StopApplication, then the hosted services stop
            TestContext.Out.WriteLine($"stopped in {stopClock.Elapsed.TotalSeconds:0.0} s with {MessageIds(before).Count} of 12 sent");
            Assert.That(stopClock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the stop waits only for the send in flight");
        }
        finally
        {
            await stopping.DisposeAsync();
            StartHost();
        }

        var sentAtStop = MessageIds(before).Count;
        Assert.That(sentAtStop, Is.LessThan(12), "the stop came mid-batch");
        Assert.That(await ScalarAsync<long>(
            "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Sending'", orderId), Is.Zero,
            "unsent claims were handed back at the stop");
        Assert.That(await ScalarAsync<long>(
            "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Succeeded'", orderId), Is.EqualTo(sentAtStop),
            "every send that reached the relay was recorded");

        await WaitForOrderStatusAsync(orderId, "Completed", timeoutSeconds: 60);
        var ids = MessageIds(before);
        Assert.That(ids, Has.Count.EqualTo(12));
        Assert.That(ids, Is.Unique);
    }
}
