using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Core.Shipments;
using Npgsql;

namespace Notifications.Persistence.Tests;

/// <summary>
/// The feed's promise where it is kept: entries written by transactions that commit out of order, numbered by two
/// sequencers (two hosts) at once, while a reader follows its cursor — the reader sees every entry exactly once.
/// </summary>
public sealed class StatusFeedTests : PersistenceTestBase
{
    private const string Creator = "ttd";

    private static async Task WriteEntryInASlowTransactionAsync(Random random)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO notifications.status_feed (order_id, creator, created, entry)
            VALUES (gen_random_uuid(), $1, now(), json_build_object(
                'shipmentId', gen_random_uuid(), 'shipmentType', 'Notification', 'status', 'Order_Completed',
                'lastUpdate', now(), 'recipients', '[]'::json))
            """, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = Creator });
            await insert.ExecuteNonQueryAsync();
        }

        // Written, not committed: a sequencer running now cannot see it, and entries written after it commit first. The
        // transaction really stays open a while, so that the other writers and the sequencers run meanwhile.
        await Task.Delay(random.Next(0, 120));
        await transaction.CommitAsync();
    }

    private static async Task<int> SequenceUntilAsync(IStatusFeed feed, Func<bool> done)
    {
        var numbered = 0;
        while (!done())
        {
            numbered += await feed.SequenceAsync(SequenceFeedHandler.BatchSize, CancellationToken.None);
            await Task.Delay(5); // a host's repeating sequencer, much faster than the real one so the writers overlap many runs
        }

        return numbered + await feed.SequenceAsync(SequenceFeedHandler.BatchSize, CancellationToken.None);
    }

    [Test]
    public async Task AReaderFollowingItsCursor_SeesEveryEntryOnce_WhileWritersCommitOutOfOrderAndTwoHostsNumber()
    {
        const int writers = 8, entriesPerWriter = 40, total = writers * entriesPerWriter;
        await using var hostA = TestDatabase.BuildServices();
        await using var hostB = TestDatabase.BuildServices();
        var feedA = hostA.GetRequiredService<IStatusFeed>();
        var feedB = hostB.GetRequiredService<IStatusFeed>();

        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < entriesPerWriter; i++)
            {
                await WriteEntryInASlowTransactionAsync(random);
            }
        })));
        var sequencers = Task.WhenAll(
            Task.Run(() => SequenceUntilAsync(feedA, () => writing.IsCompleted)),
            Task.Run(() => SequenceUntilAsync(feedB, () => writing.IsCompleted)));

        var seen = new List<FeedEntry>();
        var cursor = 0L;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (seen.Count < total && DateTime.UtcNow < deadline)
        {
            var page = await feedA.ReadAsync(Creator, cursor, pageSize: 7, ascending: true, CancellationToken.None);
            seen.AddRange(page);
            cursor = page.Count > 0 ? page[^1].SequenceNumber : cursor;
            await Task.Delay(page.Count == 0 ? 10 : 0); // a reader polling its cursor until it has all, or the deadline
        }

        await writing;
        var numbered = (await sequencers).Sum();
        Assert.That(numbered, Is.EqualTo(total), "every entry numbered once, by one of the two hosts");
        Assert.That(seen, Has.Count.EqualTo(total), "the reader saw every entry");
        Assert.That(seen.Select(e => e.ShipmentId).Distinct().Count(), Is.EqualTo(total), "and none twice");
        Assert.That(seen.Select(e => e.SequenceNumber), Is.Ordered.Ascending.And.Unique);
    }

    [Test]
    public async Task Read_PagesBothWays_AndOnlyTheCreatorsNumberedEntries()
    {
        var feed = await WithStoreAsync((IStatusFeed f) => Task.FromResult(f));
        foreach (var creator in new[] { Creator, "other", Creator, Creator })
        {
            await ExecuteAsync("""
                INSERT INTO notifications.status_feed (order_id, creator, created, entry)
                VALUES (gen_random_uuid(), $1, clock_timestamp(), json_build_object('shipmentId', gen_random_uuid(), 'shipmentType', 'Reminder',
                        'status', 'Order_Cancelled', 'lastUpdate', now(), 'recipients', '[]'::json))
                """, creator);
        }

        Assert.That(await feed.ReadAsync(Creator, 0, 10, true, CancellationToken.None), Is.Empty, "nothing is readable before it is numbered");
        Assert.That(await feed.SequenceAsync(SequenceFeedHandler.BatchSize, CancellationToken.None), Is.EqualTo(4));

        var ascending = await feed.ReadAsync(Creator, 0, 10, true, CancellationToken.None);
        Assert.That(ascending, Has.Count.EqualTo(3));
        Assert.That(ascending.Select(e => e.SequenceNumber), Is.Ordered.Ascending);
        Assert.That(ascending[0].ShipmentType, Is.EqualTo("Reminder"));
        var after = await feed.ReadAsync(Creator, ascending[0].SequenceNumber, 1, true, CancellationToken.None);
        Assert.That(after.Single().SequenceNumber, Is.EqualTo(ascending[1].SequenceNumber));
        var newest = await feed.ReadAsync(Creator, 0, 2, false, CancellationToken.None);
        Assert.That(newest.Select(e => e.SequenceNumber), Is.EqualTo(new[] { ascending[2].SequenceNumber, ascending[1].SequenceNumber }));
        var before = await feed.ReadAsync(Creator, ascending[1].SequenceNumber, 10, false, CancellationToken.None);
        Assert.That(before.Select(e => e.SequenceNumber), Is.EqualTo(new[] { ascending[0].SequenceNumber }));
    }

    [Test]
    public async Task Retention_DeletesNumberedEntriesOlderThanTheCutoff_Only()
    {
        foreach (var age in new[] { 100, 10 })
        {
            await ExecuteAsync("""
                INSERT INTO notifications.status_feed (order_id, creator, created, entry, sequence_number)
                VALUES (gen_random_uuid(), 'ttd', now() - interval '1 day' * $1, '{}', nextval('notifications.status_feed_seq'))
                """, age);
        }

        await ExecuteAsync("INSERT INTO notifications.status_feed (order_id, creator, created, entry) VALUES (gen_random_uuid(), 'ttd', now() - interval '200 days', '{}')");

        var deleted = await WithStoreAsync((IRetentionStore s) => s.DeleteFeedEntriesOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-90), CancellationToken.None));

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.status_feed"), Is.EqualTo(2), "an unnumbered entry waits for its number first");
    }
}
