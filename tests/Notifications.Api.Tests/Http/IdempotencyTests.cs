using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.Api.Tests.Http;

public sealed class IdempotencyTests : ApiTestBase
{
    private readonly ShiftedClock _clock = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(_clock);

    [SetUp]
    public void ResetClock() => _clock.Offset = TimeSpan.Zero;

    private static Task<long> CountOrdersAsync() => ScalarAsync<long>("SELECT count(*) FROM notifications.orders");

    [Test]
    public async Task Post_ReplayAfterItsSendTimeHasPassed_Returns200WithTheFirstOrder()
    {
        var body = EmailOrder(sendTime: DateTimeOffset.UtcNow.AddMinutes(10));
        var first = await PostOrderAsync(body, idempotencyKey: "later");
        _clock.Offset = TimeSpan.FromHours(1);

        var replay = await PostOrderAsync(body, idempotencyKey: "later");
        var otherBody = await PostOrderAsync(EmailOrder("b@example.com", sendTime: DateTimeOffset.UtcNow.AddMinutes(10)), idempotencyKey: "later");
        var newKey = await PostOrderAsync(body, idempotencyKey: "new");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replay.Content.ReadAsStringAsync());
        Assert.That(replay.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(otherBody.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(newKey.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a new key is validated against the clock");
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Post_ReplayWithSameKeyAndBody_Returns200WithTheFirstOrder()
    {
        var body = new { subject = "s", body = "b", recipients = new object[] { new { nationalIdentityNumber = TestContacts.ReservedNin } } };
        var first = await PostOrderAsync(body, idempotencyKey: "key-1");
        var replay = await PostOrderAsync(body, idempotencyKey: "key-1");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(replay.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Post_SameKeyWithDifferentBody_Returns409()
    {
        await PostOrderAsync(EmailOrder("a@example.com"), idempotencyKey: "key-2");

        var response = await PostOrderAsync(EmailOrder("b@example.com"), idempotencyKey: "key-2");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Post_SameKeyFromAnotherCreator_CreatesASeparateOrder()
    {
        var ttd = await PostOrderAsync(EmailOrder(), org: "ttd", idempotencyKey: "shared-key");
        var digdir = await PostOrderAsync(EmailOrder(), org: "digdir", idempotencyKey: "shared-key");

        Assert.That(digdir.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(digdir.Headers.Location, Is.Not.EqualTo(ttd.Headers.Location));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Post_ConcurrentDuplicates_CreateOneOrderAndNeverFail()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => PostOrderAsync(EmailOrder(), idempotencyKey: "race")));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.AnyOf(HttpStatusCode.Accepted, HttpStatusCode.OK));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Accepted), Is.EqualTo(1));
        Assert.That(responses.Select(r => r.Headers.Location).Distinct().Count(), Is.EqualTo(1));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }
}

/// <summary>The system clock moved by <see cref="Offset"/>, so a test can let an order's send time pass.</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
