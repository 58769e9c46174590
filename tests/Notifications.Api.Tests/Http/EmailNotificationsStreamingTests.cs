using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Notifications.Api.Tests.Http;

/// <summary>Bounded memory: the email list of a large order is streamed, complete and in the usual shape.</summary>
public sealed class EmailNotificationsStreamingTests : ApiTestBase
{
    private const int Emails = 20_000;

    [Test]
    public async Task GetEmailNotifications_OfAnOrderWithTwentyThousandEmails_ListsEveryOneWithTheCounts()
    {
        var orderId = await OrderWithEmailsAsync(Emails);

        using var response = await GetAsync($"{OrdersUrl}/{orderId}/notifications/email");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());

        var root = json.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "orderId", "generated", "succeeded", "notifications" }),
            "the counts come before the list, and a null senders reference is omitted");
        Assert.That(root.GetProperty("orderId").GetGuid(), Is.EqualTo(orderId));
        Assert.That(root.GetProperty("generated").GetInt32(), Is.EqualTo(Emails));
        Assert.That(root.GetProperty("succeeded").GetInt32(), Is.EqualTo(6_666), "every third of 20,000");
        var listed = root.GetProperty("notifications").EnumerateArray().ToList();
        Assert.That(listed, Has.Count.EqualTo(Emails));
        Assert.That(listed.Select(n => n.GetProperty("recipient").GetProperty("emailAddress").GetString()).Distinct().Count(), Is.EqualTo(Emails));
        foreach (var n in listed)
        {
            var i = int.Parse(n.GetProperty("recipient").GetProperty("emailAddress").GetString()!.Split('@')[0][4..], System.Globalization.CultureInfo.InvariantCulture);
            var status = i % 3 == 0 ? "Succeeded" : "New";
            Assert.That(n.GetProperty("sendStatus").GetProperty("status").GetString(), Is.EqualTo(status), $"user{i}");
            Assert.That(n.GetProperty("succeeded").GetBoolean(), Is.EqualTo(i % 3 == 0), $"user{i}");
        }
    }

    /// <summary>
    /// Measured on a 2-core machine: the list read into memory held +0.7 MB (2,000 emails) and +4.0 MB (20,000) at the
    /// sampled peak; streamed, +0.0 MB and +0.5 MB. Allocation stays proportional (about 0.8 kB per email) either way.
    /// </summary>
    [Test]
    public async Task GetEmailNotifications_OfTwentyThousandEmails_HoldsUnderTwoMegabytesWhileAnswering()
    {
        long peakForAll = 0;
        foreach (var count in new[] { 2_000, Emails })
        {
            await ResetDatabaseAsync();
            var orderId = await OrderWithEmailsAsync(count);
            await DrainAsync(orderId); // warm-up: JIT, pools
            var (allocated, peak) = await MeasureAsync(() => DrainAsync(orderId));
            TestContext.Out.WriteLine($"{count} emails: {allocated / 1024 / 1024.0:F1} MB allocated, peak live heap +{peak / 1024 / 1024.0:F1} MB");
            peakForAll = peak;
        }

        Assert.That(peakForAll, Is.LessThan(2 * 1024 * 1024), "the answer is built in memory instead of streamed");
    }

    private async Task<long> DrainAsync(Guid orderId)
    {
        using var response = await Client.SendAsync(
            Request(HttpMethod.Get, $"{OrdersUrl}/{orderId}/notifications/email", TestTokens.Bearer()), HttpCompletionOption.ResponseHeadersRead);
        var counter = new CountingStream();
        await (await response.Content.ReadAsStreamAsync()).CopyToAsync(counter);
        return counter.Length;
    }

    /// <summary>
    /// Bytes allocated in the process (host and client share it), and the largest live heap seen above the start: the
    /// sampler forces full collections, so garbage does not count, only what the request holds on to.
    /// </summary>
    private static async Task<(long Allocated, long Peak)> MeasureAsync(Func<Task> action)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var peak = baseline;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                await Task.Delay(10); // the sampling interval: the peak is sampled while the request runs, not waited for

            }
        });
        var clock = Stopwatch.StartNew();
        await action();
        await done.CancelAsync();
        await sampler;
        TestContext.Out.WriteLine($"  took {clock.ElapsedMilliseconds} ms");
        return (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, peak - baseline);
    }

    private async Task<Guid> OrderWithEmailsAsync(int count)
    {
        var created = await PostOrderAsync(EmailOrder(sendTime: DateTimeOffset.UtcNow.AddDays(1)));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var orderId = (await JsonOf(created))["orderId"]!.GetValue<Guid>();
        await ExecuteAsync("""
            INSERT INTO notifications.email_notifications
                (id, order_id, email_address, status, status_changed, expires_at, attempts, next_attempt_at)
            SELECT gen_random_uuid(), $1, 'user' || i || '@example.com', CASE WHEN i % 3 = 0 THEN 'Succeeded' ELSE 'New' END,
                   now(), now() + interval '48 hours', 0, now() + interval '1 day'
            FROM generate_series(1, $2) AS i
            """, orderId, count);
        return orderId;
    }

    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Position += count;
    }
}
