using Notifications.Core.Dispatch;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Core.Statistics;
using Npgsql;

namespace Notifications.Persistence.Tests;

/// <summary>
/// The statistics aggregates where they are kept: the triggers count every change of an email's status once, whichever
/// statement makes it (the dispatch stores' own SQL here), deletes subtract nothing, concurrent writers lose nothing,
/// and folding moves each delta exactly once however often and on however many hosts it runs.
/// </summary>
public sealed class StatisticsTriggerTests : PersistenceTestBase
{
    private const string Creator = "ttd";
    private static readonly DateTimeOffset SendTime = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private static async Task<Guid> GivenOrderAsync(string creator = Creator, DateTimeOffset? sendTime = null, string created = "now()")
    {
        var orderId = Guid.NewGuid();
        await ExecuteAsync($"""
            INSERT INTO notifications.orders
                (id, creator, created, requested_send_time, ignore_reservation, processing_status, processing_status_changed,
                 recipients, from_address, subject, body, content_type, due_at, condition_attempts, lookup_attempts)
            VALUES ($1, $2, {created}, $3, false, 'Processed', now(), '[]', 'noreply@example.com', 's', 'b', 'Plain', now(), 0, 0)
            """, orderId, creator, sendTime ?? SendTime);
        return orderId;
    }

    private static Task GivenEmailsAsync(Guid orderId, int count, string status = "New", string creator = Creator, string expiresAt = "now() + interval '48 hours'") =>
        ExecuteAsync($"""
            INSERT INTO notifications.email_notifications
                (id, order_id, creator, email_address, status, status_changed, expires_at, attempts, next_attempt_at)
            SELECT gen_random_uuid(), $1, $2, 'r' || i || '@example.com', $3, now(), {expiresAt}, 0, now() - interval '1 second'
            FROM generate_series(1, $4) AS i
            """, orderId, creator, status, count);

    private Task<int> FoldAsync() => WithStoreAsync((IStatisticsStore s) => s.FoldAsync(FoldStatisticsHandler.BatchSize, CancellationToken.None));

    /// <summary>The creator's counts for the day of <see cref="SendTime"/>, by metric ("orders", a status name, "delay:k").</summary>
    private async Task<Dictionary<string, long>> CountsAsync(DateTimeOffset? sendTime = null, StatisticsGrouping grouping = StatisticsGrouping.Day)
    {
        var day = new DateTimeOffset((sendTime ?? SendTime).UtcDateTime.Date, TimeSpan.Zero);
        var counts = await WithStoreAsync((IStatisticsStore s) => s.ReadAsync(Creator, day, day.AddDays(1), grouping, CancellationToken.None));
        return counts.GroupBy(
            c => c.Metric switch
            {
                StatisticsMetric.Orders => "orders",
                StatisticsMetric.Emails => ((EmailNotificationStatus)c.Key).ToString(),
                _ => $"delay:{c.Key}",
            }).Where(g => g.Sum(c => c.Count) != 0).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
    }

    private static long DelayCount(Dictionary<string, long> counts) => counts.Where(c => c.Key.StartsWith("delay:", StringComparison.Ordinal)).Sum(c => c.Value);

    [Test]
    public async Task OrdersAndFannedOutEmails_AreCountedByStatus_BeforeAndAfterFolding()
    {
        var order = await GivenOrderAsync();
        await GivenEmailsAsync(order, 5);
        await GivenEmailsAsync(order, 2, nameof(EmailNotificationStatus.Failed_RecipientReserved));
        await GivenEmailsAsync(await GivenOrderAsync(creator: "digdir"), 3, creator: "digdir");

        var expected = new Dictionary<string, long> { ["orders"] = 1, ["New"] = 5, ["Failed_RecipientReserved"] = 2 };
        Assert.That(await CountsAsync(), Is.EquivalentTo(expected), "read from the deltas");
        Assert.That(await FoldAsync(), Is.GreaterThan(0));
        Assert.That(await CountsAsync(), Is.EquivalentTo(expected), "read from the aggregates");
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.statistics_deltas"), Is.Zero);
    }

    [Test]
    public async Task TheDispatchPath_ClaimsResultsAndRetries_MovesEachEmailOnce_AndCountsOneDelayPerAcceptedEmail()
    {
        var order = await GivenOrderAsync(sendTime: DateTimeOffset.UtcNow.AddHours(-1));
        await GivenEmailsAsync(order, 4);
        var claims = await WithStoreAsync((IEmailQueue q) => q.ClaimEmailsAsync(10, DispatchOptions.MaxTemplateBytesPerClaim, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.That(claims, Has.Count.EqualTo(4));
        await FoldAsync();

        await WithStoreAsync(async (IEmailQueue q) =>
        {
            await q.RecordSendResultsAsync(
                [
                    new SendResult(claims[0], EmailNotificationStatus.Succeeded),
                    new SendResult(claims[1], EmailNotificationStatus.Succeeded),
                    new SendResult(claims[2], EmailNotificationStatus.Failed_InvalidEmailFormat),
                    new SendResult(claims[3], EmailNotificationStatus.New, NextAttemptAt: DateTimeOffset.UtcNow),
                ], DateTimeOffset.UtcNow, CancellationToken.None);
            // The same results again (a retried write): fenced by the claim token, so nothing changes or counts twice.
            await q.RecordSendResultsAsync([new SendResult(claims[0], EmailNotificationStatus.Succeeded)], DateTimeOffset.UtcNow, CancellationToken.None);
            return 0;
        });

        var counts = await WithStoreAsync((IStatisticsStore s) => s.ReadAsync(
            Creator, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), StatisticsGrouping.Day, CancellationToken.None));
        var emails = counts.Where(c => c.Metric == StatisticsMetric.Emails).GroupBy(c => (EmailNotificationStatus)c.Key)
            .Where(g => g.Sum(c => c.Count) != 0).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        Assert.That(emails, Is.EquivalentTo(new Dictionary<EmailNotificationStatus, long>
        {
            [EmailNotificationStatus.Succeeded] = 2, [EmailNotificationStatus.Failed_InvalidEmailFormat] = 1, [EmailNotificationStatus.New] = 1,
        }));
        var delays = counts.Where(c => c.Metric == StatisticsMetric.SendDelay).ToList();
        Assert.That(delays.Sum(c => c.Count), Is.EqualTo(2));
        // Sent about an hour after the requested time: 2^21.75 ms ≈ 58 min, 2^22 ≈ 70 min.
        Assert.That(delays.Select(c => c.Key), Is.All.EqualTo(88));
    }

    [Test]
    public async Task AcsPath_AcceptedThenDelivered_CountsTheDelayAtAcceptance_Once_AndExpiryMovesTheRest()
    {
        var order = await GivenOrderAsync();
        await GivenEmailsAsync(order, 3, nameof(EmailNotificationStatus.Sending), expiresAt: "now() - interval '1 second'");
        // Accepted by ACS at send time + 1 s: still Sending, now with an operation id (EmailQueue.RecordSendResultsAsync's shape).
        await ExecuteAsync("""
            UPDATE notifications.email_notifications SET operation_id = id::text, status_changed = $1, lease_expires_at = NULL
            WHERE id IN (SELECT id FROM notifications.email_notifications ORDER BY id LIMIT 2)
            """, SendTime.AddSeconds(1));
        // A status poll and a delivery report: Sending → Succeeded → Delivered for the first.
        await ExecuteAsync("""
            UPDATE notifications.email_notifications SET status = 'Succeeded', status_changed = now()
            WHERE id = (SELECT id FROM notifications.email_notifications ORDER BY id LIMIT 1)
            """);
        await FoldAsync();
        await ExecuteAsync("UPDATE notifications.email_notifications SET status = 'Delivered', status_changed = now() WHERE status = 'Succeeded'");

        // With ACS, expiry takes the accepted one still Sending (with its lease gone) and the never-sent one.
        var expired = await WithStoreAsync((IMaintenanceStore m) => m.ExpireAsync(succeededAwaitsReport: true, CancellationToken.None));

        Assert.That(expired, Is.EqualTo(2));
        var bucket = DelayHistogram.BucketOf(1000);
        Assert.That(await CountsAsync(), Is.EquivalentTo(new Dictionary<string, long>
        {
            ["orders"] = 1, ["Delivered"] = 1, ["Failed_TTL"] = 2, [$"delay:{bucket}"] = 2,
        }));
    }

    [Test]
    public async Task RetentionDeletes_SubtractNothing()
    {
        var sendTime = DateTimeOffset.UtcNow.AddDays(-400);
        var order = await GivenOrderAsync(sendTime: sendTime, created: "now() - interval '400 days'");
        await GivenEmailsAsync(order, 3, nameof(EmailNotificationStatus.Succeeded));
        await FoldAsync();
        var before = await CountsAsync(sendTime);

        var deleted = await WithStoreAsync((IRetentionStore r) => r.DeleteOrdersOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-90), CancellationToken.None));

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications"), Is.Zero);
        Assert.That(await CountsAsync(sendTime), Is.EquivalentTo(before));
        Assert.That((before["orders"], before["Succeeded"]), Is.EqualTo((1L, 3L)));
    }

    [Test]
    public async Task EveryStatus_IsCountedUnderItsName_AndOnlySucceededStatusesOrAnOperationIdCountADelay()
    {
        var order = await GivenOrderAsync();
        foreach (var status in Enum.GetValues<EmailNotificationStatus>())
        {
            await GivenEmailsAsync(order, 1);
            await ExecuteAsync("UPDATE notifications.email_notifications SET status = $1 WHERE status = 'New' AND email_address = 'r1@example.com'", status.ToString());
            await ExecuteAsync("UPDATE notifications.email_notifications SET email_address = 'done' WHERE email_address = 'r1@example.com'");
        }

        var counts = await CountsAsync();
        var all = Enum.GetValues<EmailNotificationStatus>();
        Assert.That(all.Where(s => s != EmailNotificationStatus.New).Select(s => counts.GetValueOrDefault(s.ToString())), Is.All.EqualTo(1));
        Assert.That(counts.GetValueOrDefault("New"), Is.EqualTo(1));
        Assert.That(DelayCount(counts), Is.EqualTo(all.Count(s => s.IsSucceeded())), "the trigger's succeeded statuses are the domain's");
    }

    [TestCase(0.4, 0)]
    [TestCase(1, 1)]
    [TestCase(1_500, 43)]
    [TestCase(60_000, 64)]
    [TestCase(3_600_000, 88)]
    [TestCase(172_800_000, 110)]
    [TestCase(1e13, DelayHistogram.MaxBucket)]
    public async Task TheTriggersDelayBucket_IsDelayHistogramsBucket(double milliseconds, int expected)
    {
        var bucket = await ScalarAsync<int>("SELECT notifications.statistics_delay_bucket($1 * interval '1 millisecond')", milliseconds);

        Assert.That((bucket, DelayHistogram.BucketOf(milliseconds)), Is.EqualTo((expected, expected)));
    }

    [Test]
    public async Task TheTriggersDelayBucket_IsInlinedIntoTheStatement_NotPlannedPerCall()
    {
        // PostgreSQL 15 plans a SQL function it cannot inline on every call: 0.1 ms in every email trigger that counts a delay.
        var plan = await ScalarAsync<string>(
            "EXPLAIN (VERBOSE, FORMAT JSON) SELECT notifications.statistics_delay_bucket(g * interval '1 millisecond') FROM generate_series(1, 3) g");

        Assert.That(plan, Does.Not.Contain("statistics_delay_bucket"));
        Assert.That(plan, Does.Contain("ln("), "the bucket's expression in its place");
    }

    [Test]
    public async Task ConcurrentWriters_AndTwoFoldersAtOnce_LoseAndDoubleNothing()
    {
        const int writers = 6, ordersPerWriter = 15, emailsPerOrder = 4;
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < ordersPerWriter; i++)
            {
                var order = await GivenOrderAsync();
                await GivenEmailsAsync(order, emailsPerOrder);
                await ExecuteAsync("UPDATE notifications.email_notifications SET status = 'Sending' WHERE order_id = $1", order);
                await ExecuteAsync("""
                    UPDATE notifications.email_notifications SET status = CASE WHEN email_address = 'r1@example.com' THEN 'Failed_Bounced' ELSE 'Succeeded' END,
                        status_changed = $2 WHERE order_id = $1
                    """, order, SendTime.AddSeconds(2));
            }
        })));
        async Task FoldUntilDoneAsync()
        {
            while (!writing.IsCompleted)
            {
                await FoldAsync();
            }
        }

        await Task.WhenAll(writing, Task.Run(FoldUntilDoneAsync), Task.Run(FoldUntilDoneAsync));
        var beforeLastFold = await CountsAsync();
        while (await FoldAsync() > 0)
        {
        }

        const int orders = writers * ordersPerWriter;
        var expected = new Dictionary<string, long>
        {
            ["orders"] = orders, ["Succeeded"] = orders * (emailsPerOrder - 1), ["Failed_Bounced"] = orders,
            [$"delay:{DelayHistogram.BucketOf(2000)}"] = orders * (emailsPerOrder - 1),
        };
        Assert.That(beforeLastFold, Is.EquivalentTo(expected));
        Assert.That(await CountsAsync(), Is.EquivalentTo(expected));
        Assert.That(await FoldAsync(), Is.Zero, "a fold with nothing new changes nothing");
        Assert.That(await CountsAsync(), Is.EquivalentTo(expected));
        Assert.That(await CountsAsync(grouping: StatisticsGrouping.Hour), Is.EquivalentTo(expected), "the hourly and daily aggregates agree");
    }

    [Test]
    public async Task DelayHistograms_AreOneAggregateRowPerHourAndDay_AddedBucketByBucketAcrossFolds()
    {
        // Three folds into the same hour, each with buckets of another length (a high bucket, then a low one, then one
        // between): the arrays are added element-wise, a shorter one padded with zeros.
        var delaysMs = new[] { 600_000.0, 5.0, 2_000.0 };
        var expected = new Dictionary<string, long> { ["orders"] = delaysMs.Length, ["Succeeded"] = delaysMs.Length * 2 };
        foreach (var delay in delaysMs)
        {
            var order = await GivenOrderAsync();
            await GivenEmailsAsync(order, 2);
            await ExecuteAsync(
                "UPDATE notifications.email_notifications SET status = 'Succeeded', status_changed = $2 WHERE order_id = $1",
                order, SendTime.AddMilliseconds(delay));
            Assert.That(await FoldAsync(), Is.GreaterThan(0));
            expected[$"delay:{DelayHistogram.BucketOf(delay)}"] = 2;
        }

        Assert.That(await CountsAsync(), Is.EquivalentTo(expected), "by day");
        Assert.That(await CountsAsync(grouping: StatisticsGrouping.Hour), Is.EquivalentTo(expected), "by hour");
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.statistics WHERE metric LIKE 'delay%'"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.statistics_daily WHERE metric LIKE 'delay%'"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT n FROM notifications.statistics WHERE metric = 'delay'"), Is.EqualTo(delaysMs.Length * 2));

        // Deltas not yet folded are added to the folded histogram.
        var late = await GivenOrderAsync();
        await GivenEmailsAsync(late, 1);
        await ExecuteAsync("UPDATE notifications.email_notifications SET status = 'Succeeded', status_changed = $2 WHERE order_id = $1", late, SendTime.AddMilliseconds(5));
        expected["orders"]++;
        expected["Succeeded"]++;
        expected[$"delay:{DelayHistogram.BucketOf(5)}"]++;
        Assert.That(await CountsAsync(grouping: StatisticsGrouping.Hour), Is.EquivalentTo(expected), "aggregates and deltas");
    }

    [Test]
    public async Task HistogramFunctions_AddElementWise_PaddingShortArrays_AndTreatingNullAsEmpty()
    {
        Assert.That(await ScalarAsync<long[]>("SELECT notifications.statistics_histogram_add('{1,2}', '{0,0,0,4}')"), Is.EqualTo(new long[] { 1, 2, 0, 4 }));
        Assert.That(await ScalarAsync<long[]>("SELECT notifications.statistics_histogram_add(NULL, '{3}')"), Is.EqualTo(new long[] { 3 }));
        Assert.That(await ScalarAsync<long[]>("SELECT notifications.statistics_histogram_add('{3}', NULL)"), Is.EqualTo(new long[] { 3 }));
        Assert.That(
            await ScalarAsync<long[]>("SELECT notifications.statistics_histogram(b, n) FROM (VALUES (0, 2::bigint), (3, 5), (1, 1), (3, -1)) v(b, n)"),
            Is.EqualTo(new long[] { 2, 1, 0, 4 }));
        Assert.That(
            await ScalarAsync<long[]>("SELECT notifications.statistics_histogram_sum(h) FROM (VALUES ('{1,2}'::bigint[]), (NULL), ('{0,0,0,4}')) v(h)"),
            Is.EqualTo(new long[] { 1, 2, 0, 4 }));
    }

    [Test]
    public async Task Backlog_CountsNewAndSendingNow_WhateverTheSendTime_FromAggregatesAndDeltas()
    {
        await GivenEmailsAsync(await GivenOrderAsync(sendTime: SendTime.AddDays(-200)), 3);
        var recent = await GivenOrderAsync();
        await GivenEmailsAsync(recent, 4);
        await FoldAsync();
        await ExecuteAsync("UPDATE notifications.email_notifications SET status = 'Sending' WHERE order_id = $1", recent);
        await GivenEmailsAsync(await GivenOrderAsync(creator: "digdir"), 7, creator: "digdir");

        var backlog = await WithStoreAsync((IStatisticsStore s) => s.ReadBacklogAsync(Creator, CancellationToken.None));
        Assert.That(backlog, Is.EqualTo(new EmailBacklog(3, 4)));

        await FoldAsync();
        await ExecuteAsync("UPDATE notifications.email_notifications SET status = 'Succeeded'");
        await FoldAsync();
        Assert.That(await WithStoreAsync((IStatisticsStore s) => s.ReadBacklogAsync(Creator, CancellationToken.None)), Is.EqualTo(new EmailBacklog(0, 0)));
    }
}
