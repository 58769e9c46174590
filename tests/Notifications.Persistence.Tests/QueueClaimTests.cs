using Notifications.Core.Dispatch;
using Notifications.Core.Domain;
using Notifications.Core.Ports;

namespace Notifications.Persistence.Tests;

/// <summary>
/// The claim SQL where it lives, on the real PostgreSQL: fairness between creators, disjoint concurrent claims, leases
/// that a heartbeat keeps alive, hand-backs that do not count as attempts, and the template bound per claim.
/// No host runs here, so only the test touches the queue.
/// </summary>
public sealed class QueueClaimTests : PersistenceTestBase
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private Task<IReadOnlyList<EmailClaim>> ClaimEmailsAsync(int batch, long maxTemplateBytes = DispatchOptions.MaxTemplateBytesPerClaim) =>
        WithStoreAsync((IEmailQueue store) => store.ClaimEmailsAsync(batch, maxTemplateBytes, Lease, CancellationToken.None));

    /// <summary>An order of <paramref name="creator"/> with <paramref name="emails"/> New emails due now.</summary>
    private static async Task<Guid> GivenEmailsAsync(string creator, int emails, int bodyChars = 1)
    {
        var orderId = Guid.NewGuid();
        await ExecuteAsync("""
            INSERT INTO notifications.orders
                (id, creator, created, requested_send_time, ignore_reservation, processing_status, processing_status_changed,
                 recipients, from_address, subject, body, content_type, due_at, condition_attempts, lookup_attempts)
            VALUES ($1, $2, now(), now(), false, 'Processed', now(), '[]', 'noreply@example.com', 's', repeat('x', $3), 'Plain', now(), 0, 0)
            """, orderId, creator, bodyChars);
        await ExecuteAsync("""
            INSERT INTO notifications.email_notifications
                (id, order_id, creator, email_address, status, status_changed, expires_at, attempts, next_attempt_at)
            SELECT gen_random_uuid(), $1, $2, 'r' || i || '@example.com', 'New', now(), now() + interval '48 hours', 0, now() - interval '1 second' * i
            FROM generate_series(1, $3) AS i
            """, orderId, creator, emails);
        return orderId;
    }

    private static async Task GivenDueOrdersAsync(string creator, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await ExecuteAsync("""
                INSERT INTO notifications.orders
                    (id, creator, created, requested_send_time, ignore_reservation, processing_status, processing_status_changed,
                     recipients, from_address, subject, body, content_type, due_at, condition_attempts, lookup_attempts)
                VALUES (gen_random_uuid(), $1, now(), now(), false, 'Registered', now(), '[]', 'noreply@example.com', 's', 'b', 'Plain',
                        now() - interval '1 second' * $2, 0, 0)
                """, creator, 1000 - i);
        }
    }

    [Test]
    public async Task ClaimEmails_TakesFromEveryCreatorInTurn()
    {
        await GivenEmailsAsync("bigsender", 100); // all of them older than the other creator's
        var small = await GivenEmailsAsync("smallsender", 3);

        var claims = await ClaimEmailsAsync(10);

        // An equal share each: all three of the small sender's, five of the backlog's.
        Assert.That(claims.Count(c => c.OrderId == small), Is.EqualTo(3));
        Assert.That(claims, Has.Count.EqualTo(8));
    }

    [Test]
    public async Task ClaimDueOrders_TakesFromEveryCreatorInTurn()
    {
        await GivenDueOrdersAsync("bigsender", 20);
        await ExecuteAsync("UPDATE notifications.orders SET due_at = now() - interval '1 hour' WHERE creator = 'bigsender'");
        await GivenDueOrdersAsync("smallsender", 2);

        var claims = await WithStoreAsync((IOrderQueue store) => store.ClaimDueOrdersAsync(4, Lease, CancellationToken.None));

        Assert.That(claims.Select(c => c.Order.Creator), Is.EquivalentTo(new[] { "bigsender", "bigsender", "smallsender", "smallsender" }));
    }

    [Test]
    public async Task ConcurrentClaims_GetDisjointEmails()
    {
        await GivenEmailsAsync("a", 300);
        await GivenEmailsAsync("b", 300);

        var claims = (await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ClaimEmailsAsync(100)))).SelectMany(c => c).ToList();
        // Concurrent claims skip the rows each other has locked, so some may come back short: the rest comes next.
        for (var more = await ClaimEmailsAsync(100); more.Count > 0; more = await ClaimEmailsAsync(100))
        {
            claims.AddRange(more);
        }

        var ids = claims.Select(c => c.NotificationId).ToList();
        Assert.That(ids, Has.Count.EqualTo(600));
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public async Task ClaimEmails_LoadsTemplatesOfOtherOrdersOnlyWhileUnderTheBound()
    {
        var first = await GivenEmailsAsync("a", 2, bodyChars: 600);
        var second = await GivenEmailsAsync("b", 2, bodyChars: 600);

        var claims = await ClaimEmailsAsync(10, maxTemplateBytes: 1000);

        var claimedOrder = claims.Select(c => c.OrderId).Distinct().Single();
        var other = claimedOrder == first ? second : first;
        Assert.That(claims, Has.Count.EqualTo(2));
        Assert.That(await ScalarAsync<long>(
            "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'New' AND attempts = 0 AND claim_token IS NULL", other),
            Is.EqualTo(2), "the other order's emails were handed back as if never claimed");
        Assert.That((await ClaimEmailsAsync(10, maxTemplateBytes: 1000)).Select(c => c.OrderId), Is.All.EqualTo(other));
    }

    [Test]
    public async Task ClaimEmails_ClaimsAnOrderWhoseTemplateAloneIsOverTheBoundAlone()
    {
        var large = await GivenEmailsAsync("a", 2, bodyChars: 5000);

        var claims = await ClaimEmailsAsync(10, maxTemplateBytes: 1000);

        Assert.That(claims.Select(c => c.OrderId), Is.EqualTo(new[] { large, large }));
        Assert.That(claims[0].Template.Body, Has.Length.EqualTo(5000));
    }

    [Test]
    public async Task RenewedClaims_AreLeftAloneByRecoveryWhileExpiredOnesAreRecovered()
    {
        await GivenEmailsAsync("a", 4);
        // Claimed with a lease that has already run out, rather than waiting for a short one to: only renewal keeps a claim.
        var claims = await WithStoreAsync((IEmailQueue store) => store.ClaimEmailsAsync(4, DispatchOptions.MaxTemplateBytesPerClaim, TimeSpan.FromSeconds(-1), CancellationToken.None));
        var renewedIds = claims.Take(2).Select(c => c.NotificationId).ToList();

        var held = await WithStoreAsync((IEmailQueue store) => store.RenewEmailClaimsAsync(claims[0].ClaimToken, renewedIds, Lease, CancellationToken.None));
        var recovered = await WithStoreAsync((IMaintenanceStore store) => store.RecoverStaleClaimsAsync(CancellationToken.None));

        Assert.That(held, Is.EquivalentTo(renewedIds));
        Assert.That(recovered.Emails, Is.EqualTo(2));
        Assert.That(await ScalarAsync<long>(
            "SELECT count(*) FROM notifications.email_notifications WHERE id = ANY($1) AND status = 'Sending' AND claim_token = $2",
            renewedIds.ToArray(), claims[0].ClaimToken), Is.EqualTo(2));
    }

    [Test]
    public async Task Renew_ReturnsOnlyTheEmailsStillHeldUnderTheClaim()
    {
        await GivenEmailsAsync("a", 3);
        var claims = await ClaimEmailsAsync(3);
        await WithStoreAsync(async (IEmailQueue store) =>
        {
            await store.RecordSendResultsAsync([new SendResult(claims[0], EmailNotificationStatus.Succeeded)], DateTimeOffset.UtcNow, CancellationToken.None);
            return 0;
        });
        // Another host recovered and re-claimed the third email.
        await ExecuteAsync("UPDATE notifications.email_notifications SET claim_token = gen_random_uuid() WHERE id = $1", claims[2].NotificationId);

        var held = await WithStoreAsync((IEmailQueue store) => store.RenewEmailClaimsAsync(
            claims[0].ClaimToken, claims.Select(c => c.NotificationId).ToList(), Lease, CancellationToken.None));

        Assert.That(held, Is.EquivalentTo(new[] { claims[1].NotificationId }));
    }

    [Test]
    public async Task ReleasedClaims_AreReadyAgainWithoutCountingAnAttempt()
    {
        await GivenEmailsAsync("a", 2);
        var claims = await ClaimEmailsAsync(2);

        await WithStoreAsync(async (IEmailQueue store) =>
        {
            await store.ReleaseEmailClaimsAsync(claims, TimeSpan.Zero, CancellationToken.None);
            return 0;
        });

        var again = await ClaimEmailsAsync(2);
        Assert.That(again.Select(c => c.NotificationId), Is.EquivalentTo(claims.Select(c => c.NotificationId)));
        Assert.That(again.Select(c => c.Attempts), Is.All.EqualTo(1));
    }

    [Test]
    public async Task NextEmailDue_LeavesOutEmailsPastTheirExpiry()
    {
        var orderId = await GivenEmailsAsync("a", 1);
        await ExecuteAsync("UPDATE notifications.email_notifications SET expires_at = now() - interval '1 second' WHERE order_id = $1", orderId);

        var next = await WithStoreAsync<IEmailQueue, DateTimeOffset?>(queue => queue.GetNextEmailDueAsync(DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.That(next, Is.Null);
    }
}
