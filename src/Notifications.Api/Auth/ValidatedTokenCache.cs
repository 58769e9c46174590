using System.Collections.Concurrent;
using System.Security.Claims;

namespace Notifications.Api.Auth;

/// <summary>
/// Bearer tokens that passed full validation, so that a client sending the same token with every request pays for the
/// signature check once (docs/architecture.md#hardening). A token is found only by its exact text, until it expires
/// or <c>maxAge</c> after it was validated, whichever is first; every request gets its own copy of the principal.
/// At most <c>capacity</c> tokens are kept: beyond that, tokens are validated in full without being remembered.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock, TimeSpan maxAge, int capacity = ValidatedTokenCache.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _count;
    private long _nextSweepTicks;

    public int Count => Volatile.Read(ref _count);

    /// <summary>A copy of the principal the token was validated as, or null when it is not remembered or has expired.</summary>
    public ClaimsPrincipal? Find(string token)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow() < entry.Until)
        {
            return Copy(entry.Principal);
        }

        Remove(token, entry);
        return null;
    }

    /// <summary>Remembers a token that was just validated in full and is valid until <paramref name="expires"/>.</summary>
    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset expires)
    {
        var now = clock.GetUtcNow();
        var until = expires < now + maxAge ? expires : now + maxAge;
        if (until <= now)
        {
            return;
        }

        if (Count >= capacity)
        {
            SweepExpired(now);
            if (Count >= capacity)
            {
                return;
            }
        }

        // A token already remembered (validated twice at once) keeps its entry.
        if (_entries.TryAdd(token, new Entry(Copy(principal), until)))
        {
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>Drops expired tokens; at most once a second, so a full cache of live tokens costs no sweep per request.</summary>
    private void SweepExpired(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var (token, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                Remove(token, entry);
            }
        }
    }

    private void Remove(string token, Entry entry)
    {
        if (_entries.TryRemove(KeyValuePair.Create(token, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>A deep copy: <see cref="ClaimsPrincipal.Clone"/> would share the identities and their claims.</summary>
    private static ClaimsPrincipal Copy(ClaimsPrincipal principal) => new(principal.Identities.Select(i => i.Clone()));

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Until);
}
