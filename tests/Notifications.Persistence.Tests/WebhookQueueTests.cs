using Notifications.Core.Ports;

namespace Notifications.Persistence.Tests;

/// <summary>Webhook claims and cursor fencing on the real PostgreSQL (docs/webhooks.md).</summary>
public sealed class WebhookQueueTests : PersistenceTestBase
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private Task<IReadOnlyList<WebhookClaim>> ClaimAsync(int batch = 10) =>
        WithStoreAsync((IWebhookQueue queue) => queue.ClaimDueAsync(batch, Lease, CancellationToken.None));

    private static async Task GivenFeedEntriesAsync(string creator, params long[] sequenceNumbers)
    {
        foreach (var number in sequenceNumbers)
        {
            await ExecuteAsync("""
                INSERT INTO notifications.status_feed (order_id, creator, created, entry, sequence_number)
                VALUES (gen_random_uuid(), $1, now(), '{}', $2)
                """, creator, number);
        }
    }

    private static async Task<Guid> GivenSubscriptionAsync(string creator, long startAfter = 0, long delivered = 0)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync("""
            INSERT INTO notifications.webhook_subscriptions
                (id, creator, url, secret, created, start_after_seq, delivered_seq, attempts, next_attempt_at)
            VALUES ($1, $2, 'https://hooks.example.com/', 'whsec_AAAA', now(), $3, $4, 0, now())
            """, id, creator, startAfter, delivered);
        return id;
    }

    [Test]
    public async Task Claim_TakesOnlySubscriptionsWithAnEntryAfterTheirCursorAndStart()
    {
        await GivenFeedEntriesAsync("ttd", 1, 2, 3);
        var behind = await GivenSubscriptionAsync("ttd", startAfter: 1, delivered: 2);
        await GivenSubscriptionAsync("ttd", startAfter: 3);
        await GivenSubscriptionAsync("ttd", delivered: 3);
        await GivenSubscriptionAsync("nav");

        var claims = await ClaimAsync();

        Assert.That(claims.Select(c => (c.Id, c.Cursor)), Is.EqualTo(new[] { (behind, 2L) }));
    }

    [Test]
    public async Task ConcurrentClaims_AreDisjoint_AndAClaimedSubscriptionIsNotClaimedAgainWhileLeased()
    {
        await GivenFeedEntriesAsync("ttd", 1);
        for (var i = 0; i < 20; i++)
        {
            await GivenSubscriptionAsync("ttd");
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ClaimAsync(8)));
        var ids = claims.SelectMany(c => c).Select(c => c.Id).ToList();

        Assert.That(ids, Has.Count.EqualTo(20).And.Unique);
        Assert.That(await ClaimAsync(), Is.Empty);
    }

    [Test]
    public async Task AStaleClaimToken_ChangesNothing_AndAnExpiredLeaseIsTakenOver()
    {
        await GivenFeedEntriesAsync("ttd", 1, 2);
        await GivenSubscriptionAsync("ttd");
        var first = (await ClaimAsync()).Single();
        await ExecuteAsync("UPDATE notifications.webhook_subscriptions SET lease_expires_at = now() - interval '1 second'");
        var second = (await ClaimAsync()).Single();

        var staleAdvanced = await WithStoreAsync((IWebhookQueue q) => q.AdvanceAsync(first, 1, CancellationToken.None));
        var staleFailed = await WithStoreAsync((IWebhookQueue q) => q.FailAsync(first, TimeSpan.FromSeconds(5), CancellationToken.None));
        var advanced = await WithStoreAsync((IWebhookQueue q) => q.AdvanceAsync(second, 1, CancellationToken.None));

        Assert.That((staleAdvanced, staleFailed, advanced), Is.EqualTo((false, false, true)));
        Assert.That(await ScalarAsync<long>("SELECT delivered_seq FROM notifications.webhook_subscriptions"), Is.EqualTo(1));
    }

    [Test]
    public async Task Fail_CountsTheAttempt_KeepsTheFirstFailureTime_AndDefersTheSubscription()
    {
        await GivenFeedEntriesAsync("ttd", 1);
        await GivenSubscriptionAsync("ttd");
        var claim = (await ClaimAsync()).Single();
        await ExecuteAsync("UPDATE notifications.webhook_subscriptions SET failing_since = now() - interval '1 hour'");

        await WithStoreAsync((IWebhookQueue q) => q.FailAsync(claim, TimeSpan.FromMinutes(2), CancellationToken.None));

        Assert.That(await ScalarAsync<int>("SELECT attempts FROM notifications.webhook_subscriptions"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<bool>("SELECT failing_since < now() - interval '59 minutes' FROM notifications.webhook_subscriptions"));
        Assert.That(await ScalarAsync<double>("SELECT extract(epoch FROM next_attempt_at - now())::float8 FROM notifications.webhook_subscriptions"),
            Is.InRange(119, 121));
        Assert.That(await ClaimAsync(), Is.Empty, "not due until the back-off has passed");
    }
}
