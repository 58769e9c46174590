namespace Notifications.Core.Dispatch;

/// <summary>Retry delays: a few seconds at first, doubling, capped so nothing waits more than ten minutes.</summary>
public static class Backoff
{
    public static TimeSpan ForAttempt(int attempt, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
    }

    /// <summary>Send-condition retries (docs/architecture.md#journey): about 10 s, then 60 s, then fail open.</summary>
    public static readonly TimeSpan[] SendCondition = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)];
}
