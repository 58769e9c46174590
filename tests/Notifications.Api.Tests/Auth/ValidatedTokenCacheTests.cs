using System.Security.Claims;
using Notifications.Api.Auth;

namespace Notifications.Api.Tests.Auth;

/// <summary>What a validated bearer token is remembered for, and for how long.</summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private SettableClock _clock = null!;

    [SetUp]
    public void StartClock() => _clock = new SettableClock(Start);

    private ValidatedTokenCache Cache(int capacity = ValidatedTokenCache.DefaultCapacity) => new(_clock, TimeSpan.FromSeconds(60), capacity);

    private static ClaimsPrincipal Principal(string org) =>
        new(new ClaimsIdentity([new Claim("urn:altinn:org", org)], "Bearer"));

    [Test]
    public void Find_ARememberedToken_ReturnsItsPrincipal()
    {
        var cache = Cache();
        cache.Add("token-a", Principal("ttd"), Start.AddMinutes(10));

        Assert.That(cache.Find("token-a")?.FindFirst("urn:altinn:org")?.Value, Is.EqualTo("ttd"));
    }

    [Test]
    public void Find_AnyOtherText_ReturnsNull()
    {
        var cache = Cache();
        cache.Add("token-a", Principal("ttd"), Start.AddMinutes(10));

        Assert.Multiple(() =>
        {
            Assert.That(cache.Find("token-b"), Is.Null);
            Assert.That(cache.Find("TOKEN-A"), Is.Null);
            Assert.That(cache.Find("token-a "), Is.Null);
        });
    }

    [Test]
    public void Find_AtTheTokensExpiry_ReturnsNull()
    {
        var cache = Cache();
        cache.Add("token-a", Principal("ttd"), Start.AddSeconds(20));

        _clock.Now = Start.AddSeconds(19);
        Assert.That(cache.Find("token-a"), Is.Not.Null);
        _clock.Now = Start.AddSeconds(20);
        Assert.That(cache.Find("token-a"), Is.Null);
    }

    [Test]
    public void Find_AfterMaxAge_ReturnsNullAlthoughTheTokenIsStillValid()
    {
        var cache = Cache();
        cache.Add("token-a", Principal("ttd"), Start.AddHours(1));

        _clock.Now = Start.AddSeconds(59);
        Assert.That(cache.Find("token-a"), Is.Not.Null);
        _clock.Now = Start.AddSeconds(60);
        Assert.That(cache.Find("token-a"), Is.Null);
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void Add_AnExpiredToken_IsNotRemembered()
    {
        var cache = Cache();
        cache.Add("token-a", Principal("ttd"), Start.AddSeconds(-1));

        Assert.That(cache.Find("token-a"), Is.Null);
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void Find_ReturnsACopyThatTheCallerMayChange()
    {
        var cache = Cache();
        var original = Principal("ttd");
        cache.Add("token-a", original, Start.AddMinutes(10));

        var first = cache.Find("token-a")!;
        ((ClaimsIdentity)first.Identity!).AddClaim(new Claim("urn:altinn:org", "digdir"));
        original.Identities.First().AddClaim(new Claim("extra", "x"));

        var second = cache.Find("token-a")!;
        Assert.That(second.Claims.Select(c => c.Type + "=" + c.Value), Is.EqualTo(new[] { "urn:altinn:org=ttd" }));
    }

    [Test]
    public void Add_BeyondCapacity_IsNotRemembered_UntilExpiredTokensMakeRoom()
    {
        var cache = Cache(capacity: 2);
        cache.Add("token-a", Principal("a"), Start.AddSeconds(10));
        cache.Add("token-b", Principal("b"), Start.AddMinutes(10));
        cache.Add("token-c", Principal("c"), Start.AddMinutes(10));

        Assert.That(cache.Find("token-c"), Is.Null);
        Assert.That(cache.Count, Is.EqualTo(2));

        _clock.Now = Start.AddSeconds(11);
        cache.Add("token-c", Principal("c"), Start.AddMinutes(10));

        Assert.That(cache.Find("token-c")?.FindFirst("urn:altinn:org")?.Value, Is.EqualTo("c"));
        Assert.That(cache.Find("token-b"), Is.Not.Null);
        Assert.That(cache.Count, Is.EqualTo(2));
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
