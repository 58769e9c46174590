using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Api.Jobs;
using Notifications.Testing.SendCondition;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// One sender's backlog, or slow dependencies of some orders, must not hold anyone else's email back: claims take from
/// every creator in turn, and orders are processed concurrently with their claims renewed while they wait.
/// </summary>
public sealed class FairDispatchTests : PipelineTestBase
{
    private readonly JobRuns _runs = new();
    private ConditionEndpointServer _conditions = null!;

    protected override async Task BeforeHostStartsAsync() => _conditions = await ConditionEndpointServer.StartAsync();

    protected override void ConfigureServices(IServiceCollection services) => _runs.Register(services);

    [OneTimeTearDown]
    public async Task StopConditionServerAsync() => await _conditions.DisposeAsync();

    [TearDown]
    public async Task DropTheBacklogAsync()
    {
        // The dispatcher would go on sending it into the next test. Send runs take turns, and one that starts after the
        // delete finds none of it: once such a run has finished, the batch that was in flight is written.
        await ExecuteAsync("DELETE FROM notifications.orders WHERE creator = 'bigsender'");
        var deleted = DateTimeOffset.UtcNow;
        await WaitUntilAsync(
            () => Task.FromResult(_runs.HasFinishedRunStartedAfter(DispatchJobKeys.SendEmails, deleted)), 60, () => "no send run after the delete");
    }

    [Test]
    public async Task AnotherCreatorsEmail_IsSentWithinSecondsBehindA50000EmailBacklog()
    {
        var backlogOrder = Guid.NewGuid();
        await ExecuteAsync("""
            INSERT INTO notifications.orders
                (id, creator, created, requested_send_time, ignore_reservation, processing_status, processing_status_changed,
                 recipients, from_address, subject, body, content_type, due_at, condition_attempts, lookup_attempts)
            VALUES ($1, 'bigsender', now(), now(), false, 'Processed', now(), '[]', 'noreply@example.com', 's', 'b', 'Plain', now(), 0, 0)
            """, backlogOrder);
        await ExecuteAsync("""
            INSERT INTO notifications.email_notifications
                (id, order_id, creator, email_address, status, status_changed, expires_at, attempts, next_attempt_at)
            SELECT gen_random_uuid(), $1, 'bigsender', 'bulk' || i || '@example.com', 'New', now(), now() + interval '48 hours', 0, now()
            FROM generate_series(1, 50000) AS i;
            """, backlogOrder);
        await WaitUntilAsync(() => Task.FromResult(PickedUpFiles().Count >= 500), 60, () => "the backlog is not being sent");

        var orderId = await CreateOrderAsync(EmailOrder("small@example.com"), org: "digdir");
        await WaitUntilAsync(
            async () => await ScalarAsync<long>(
                "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Succeeded'", orderId) == 1,
            60, () => "the other creator's email was not sent");

        // Measured on the database's clock: from the order's registration to its email's recorded send.
        var waited = TimeSpan.FromMilliseconds(await ScalarAsync<double>("""
            SELECT (extract(epoch FROM e.status_changed - o.created) * 1000)::float8
            FROM notifications.orders o JOIN notifications.email_notifications e ON e.order_id = o.id WHERE o.id = $1
            """, orderId));
        var backlogLeft = await ScalarAsync<long>(
            "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'New'", backlogOrder);
        TestContext.Out.WriteLine($"sent {waited.TotalMilliseconds:0} ms after its order was registered, {backlogLeft} backlog emails still waiting");
        Assert.That(backlogLeft, Is.GreaterThan(0), "the backlog was still there when the email went out");
        Assert.That(waited, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task OrderWithoutCondition_IsSentWithinSecondsWhileSixConditionEndpointsHang()
    {
        // Each hangs for 30 s; the condition client gives up after 10 s. The lease is 5 s: the waiting orders stay
        // claimed (heartbeat) rather than being taken over and asked again.
        var hanging = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            hanging.Add(await CreateOrderAsync(new
            {
                subject = "s",
                body = "b",
                conditionEndpoint = _conditions.Url($"slow?order={i}").AbsoluteUri,
                recipients = new[] { new { emailAddress = $"waiting{i}@example.com" } },
            }));
        }

        await WaitUntilAsync(() => Task.FromResult(_conditions.Requests.Count(r => r.StartsWith("/slow")) == 6), 10, () => "the six conditions were not all asked");
        // Each was claimed before its condition was asked, so its first 5 s lease ends before this plus 5 s.
        var leasesEnd = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5);
        var claims = await ClaimTokensAsync(hanging);
        var clock = Stopwatch.StartNew();
        var orderId = await CreateOrderAsync(EmailOrder("prompt@example.com"));
        await WaitForOrderStatusAsync(orderId, "Completed", timeoutSeconds: 30);
        var waited = clock.Elapsed;
        TestContext.Out.WriteLine($"sent {waited.TotalMilliseconds:0} ms after its order was accepted");
        Assert.That(waited, Is.LessThan(TimeSpan.FromSeconds(3)));

        // A recovery pass past the first leases, still inside the 10 s condition timeout, would have handed back any claim
        // the heartbeat let lapse; none was, and nobody asked a hanging endpoint twice.
        await WaitUntilAsync(
            () => Task.FromResult(_runs.HasFinishedRunStartedAfter(DispatchJobKeys.RecoverStaleClaims, leasesEnd)), 20, () => "recovery did not run");
        Assert.That(await ClaimTokensAsync(hanging), Is.EqualTo(claims), "the same claims, renewed");
        Assert.That(_conditions.Requests.Where(r => r.StartsWith("/slow")).ToList(), Has.Count.EqualTo(6).And.Unique);
        foreach (var id in hanging)
        {
            Assert.That(await OrderStatusAsync(id), Is.EqualTo("Processing"));
        }
    }

    private static Task<string> ClaimTokensAsync(IEnumerable<Guid> orderIds) => ScalarAsync<string>(
        "SELECT string_agg(id::text || '=' || coalesce(claim_token::text, 'none'), ',' ORDER BY id) FROM notifications.orders WHERE id = ANY($1)",
        orderIds.ToArray());
}
