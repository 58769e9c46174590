using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Ports;

namespace Notifications.Api.Tests.Http.Stores;

/// <summary>
/// The maintenance statements on real PostgreSQL (bounded memory, retention): each works in batches of
/// 10,000 rows, so 25,000 rows need three rounds, and a sweep that stopped after one batch would leave rows behind.
/// </summary>
public sealed class MaintenanceStoreTests : ApiTestBase
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

    private async Task<TResult> WithStoreAsync<TStore, TResult>(Func<TStore, Task<TResult>> action)
        where TStore : notnull
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TStore>());
    }

    private async Task<Guid> OrderAsync(string created = "now()", string due = "now() + interval '1 day'")
    {
        var response = await PostOrderAsync(EmailOrder(sendTime: DateTimeOffset.UtcNow.AddDays(1)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var orderId = (await JsonOf(response))["orderId"]!.GetValue<Guid>();
        await ExecuteAsync($"UPDATE notifications.orders SET created = {created}, requested_send_time = {due}, due_at = {due} WHERE id = $1", orderId);
        return orderId;
    }

    private static Task InsertEmailsAsync(Guid orderId, int count, string expiresAt) => ExecuteAsync($"""
        INSERT INTO notifications.email_notifications (id, order_id, email_address, status, status_changed, expires_at, attempts, next_attempt_at)
        SELECT gen_random_uuid(), $1, 'user' || i || '@example.com', 'New', now(), {expiresAt}, 0, now()
        FROM generate_series(1, $2) AS i
        """, orderId, count);
}
