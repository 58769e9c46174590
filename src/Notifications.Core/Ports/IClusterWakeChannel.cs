namespace Notifications.Core.Ports;

/// <summary>The kinds of work one host tells the others about.</summary>
public enum WakeTopic
{
    Orders,
    Emails,
}

/// <summary>
/// Wakes the other hosts when this one stores work, and hears their wake-ups (docs/architecture.md#wake-ups). Best effort: a
/// wake-up that is lost only delays the work until the jobs' fallback poll.
/// </summary>
public interface IClusterWakeChannel
{
    /// <summary>Called with each wake-up another host sent; the time is when the work is due.</summary>
    event Action<WakeTopic, DateTimeOffset>? Received;

    /// <summary>Tells the other hosts that work of <paramref name="topic"/> is due at <paramref name="dueAt"/>; cheap, coalesced, never blocks.</summary>
    void Publish(WakeTopic topic, DateTimeOffset dueAt);
}
