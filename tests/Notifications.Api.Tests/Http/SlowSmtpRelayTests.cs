using System.Diagnostics;
using Notifications.Testing.Email;

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
        // One send at a time: a doubled send still on its way reaches the relay before an email queued after it.
        await SendMarkerOrderAsync(timeoutSeconds: 60);

        var ids = _sink.Messages().Skip(before).Where(m => !m.RcptTos.Contains(MarkerAddress)).Select(m => m.Message.MessageId).ToList();
        TestContext.Out.WriteLine($"{ids.Count} messages for {ids.Distinct().Count()} Message-IDs");
        Assert.That(ids, Has.Count.EqualTo(20));
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public async Task HostSentSigtermMidBatch_FinishesTheSendInFlightAndTheNextHostSendsTheRestAtOnce()
    {
        // The dispatching hosts are child processes of the Release build; this fixture's host stops, so only they send.
        // A long lease: if the stopped host left its claims to expire, the next host would wait two minutes.
        await StopHostAsync();
        var settings = new Dictionary<string, string?>(SlowRelaySettings(leaseSeconds: 120))
        {
            ["ConnectionStrings:Notifications"] = TestDatabase.ConnectionString,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["ContactRegistry:Provider"] = "File",
            ["ContactRegistry:File"] = TestContacts.FilePath,
        };
        var before = _sink.Messages().Count;
        Guid orderId;
        try
        {
            orderId = await DueOrderWithoutDispatchAsync(12);

            using (var first = ServiceProcess.Start(settings))
            {
                await WaitUntilAsync(() => Task.FromResult(MessageIds(before).Count >= 2), 60, () => "the first host sent nothing: " + first.Output);
                var stopClock = Stopwatch.StartNew();
                var exited = first.Terminate(TimeSpan.FromSeconds(30));
                TestContext.Out.WriteLine($"SIGTERM: exited in {stopClock.Elapsed.TotalSeconds:0.0} s with {MessageIds(before).Count} of 12 sent");
                Assert.That(exited, "the host exits within the shutdown timeout: " + first.Output);
            }

            var sentAtStop = MessageIds(before).Count;
            Assert.That(sentAtStop, Is.LessThan(12), "the stop came mid-batch");
            Assert.That(await ScalarAsync<long>(
                "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Sending'", orderId), Is.Zero,
                "unsent claims were handed back at the stop");
            Assert.That(await ScalarAsync<long>(
                "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Succeeded'", orderId), Is.EqualTo(sentAtStop),
                "every send that reached the relay was recorded");

            using var second = ServiceProcess.Start(settings);
            await WaitUntilAsync(
                async () => await ScalarAsync<long>(
                    "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Succeeded'", orderId) == 12,
                60, () => "the restarted host did not finish: " + second.Output);
        }
        finally
        {
            StartHost();
        }

        var ids = MessageIds(before);
        Assert.That(ids, Has.Count.EqualTo(12));
        Assert.That(ids, Is.Unique);
    }

    /// <summary>An order due now, registered through a host that does not dispatch.</summary>
    private static async Task<Guid> DueOrderWithoutDispatchAsync(int recipients)
    {
        await using var intakeOnly = new NotificationsApiFactory(new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" });
        intakeOnly.StartServer();
        using var client = intakeOnly.CreateClient();
        var created = await client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(), json: Order(recipients)));
        return (await JsonOf(created))["orderId"]!.GetValue<Guid>();
    }
}
