using Notifications.Core.Ports;

namespace Notifications.Persistence.Tests;

/// <summary>
/// The maintenance statements on real PostgreSQL (bounded memory, retention): each works in batches of
/// 10,000 rows, so 25,000 rows need three rounds, and a sweep that stopped after one batch would leave rows behind.
/// </summary>
public sealed class MaintenanceStoreTests : PersistenceTestBase
{
    private const int Many = 25_000;

    [Test]
    public async Task Expire_WithMoreExpiredEmailsThanOneBatch_ExpiresEveryOne_AndNothingElse()
    {
        var orderId = await OrderAsync();
        await InsertEmailsAsync(orderId, Many, expiresAt: "now() - interval '1 hour'");
        await InsertEmailsAsync(orderId, 10, expiresAt: "now() + interval '1 hour'");

        var expired = await WithStoreAsync<IMaintenanceStore, int>(s => s.ExpireAsync(false, CancellationToken.None));

        Assert.That(expired, Is.EqualTo(Many));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications WHERE status = 'Failed_TTL'"), Is.EqualTo(Many));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications WHERE status = 'New'"), Is.EqualTo(10));
    }

    [Test]
    public async Task Purge_WithMoreOldKeysAndReportsThanOneBatch_DeletesThemAll_AndKeepsTheRecentOnes()
    {
        await ExecuteAsync("""
            INSERT INTO notifications.idempotency_keys (creator, key, request_hash, order_id, created)
            SELECT 'ttd', 'key-' || i, 'hash', gen_random_uuid(), now() - CASE WHEN i <= $1 THEN interval '3 days' ELSE interval '1 hour' END
            FROM generate_series(1, $1 + 5) AS i
            """, Many);
        await ExecuteAsync("""
            INSERT INTO notifications.delivery_reports (event_id, message_id, status, delivery_attempt_at, received_at)
            SELECT 'event-' || i, 'message-' || i, 'Delivered', now(), now() - CASE WHEN i <= $1 THEN interval '8 days' ELSE interval '1 hour' END
            FROM generate_series(1, $1 + 5) AS i
            """, Many);

        await WithStoreAsync<IMaintenanceStore, int>(async s =>
        {
            await s.PurgeAsync(DateTimeOffset.UtcNow, TimeSpan.FromHours(48), CancellationToken.None);
            return 0;
        });

        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.idempotency_keys"), Is.EqualTo(5));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.delivery_reports"), Is.EqualTo(5));
    }

    [Test]
    public async Task Retention_DeletesOrdersRegisteredAndDueBeforeTheCutoff_WithAllTheirEmails_AndKeepsTheRest()
    {
        var old = await OrderAsync(created: "now() - interval '400 days'", due: "now() - interval '400 days'");
        await InsertEmailsAsync(old, Many, expiresAt: "now() - interval '398 days'");
        var recent = await OrderAsync(created: "now() - interval '300 days'", due: "now() - interval '300 days'");
        await InsertEmailsAsync(recent, 3, expiresAt: "now() - interval '298 days'");
        var scheduledFarAhead = await OrderAsync(created: "now() - interval '400 days'", due: "now() + interval '1 day'");

        var deleted = await WithStoreAsync<IRetentionStore, int>(s => s.DeleteOrdersOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-365), CancellationToken.None));

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders WHERE id = $1", old), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1", old), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1", recent), Is.EqualTo(3));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders WHERE id = ANY($1)", new[] { recent, scheduledFarAhead }), Is.EqualTo(2));
    }

    /// <summary>A registered order created and due at the given times (the SQL under test reads neither its recipients nor its content).</summary>
    private static async Task<Guid> OrderAsync(string created = "now()", string due = "now() + interval '1 day'")
    {
        var orderId = Guid.NewGuid();
        await ExecuteAsync($"""
            INSERT INTO notifications.orders
                (id, creator, created, requested_send_time, ignore_reservation, processing_status, processing_status_changed,
                 recipients, from_address, subject, body, content_type, due_at, condition_attempts, lookup_attempts)
            VALUES ($1, 'ttd', {created}, {due}, false, 'Registered', now(), '[]', 'noreply@example.com', 'Hello', 'A message.', 'Plain',
                    {due}, 0, 0)
            """, orderId);
        return orderId;
    }

    private static Task InsertEmailsAsync(Guid orderId, int count, string expiresAt) => ExecuteAsync($"""
        INSERT INTO notifications.email_notifications (id, order_id, email_address, status, status_changed, expires_at, attempts, next_attempt_at)
        SELECT gen_random_uuid(), $1, 'user' || i || '@example.com', 'New', now(), {expiresAt}, 0, now()
        FROM generate_series(1, $2) AS i
        """, orderId, count);
}
