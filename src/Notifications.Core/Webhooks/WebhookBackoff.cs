namespace Notifications.Core.Webhooks;

/// <summary>
/// When a failed delivery is tried again, and when its entry is given up (docs/webhooks.md): about 5 s, 30 s, 2 min,
/// 10 min, 30 min, then hourly, for 24 hours from the entry's first failed attempt.
/// </summary>
public static class WebhookBackoff
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
    ];

    private static readonly TimeSpan Hourly = TimeSpan.FromHours(1);

    /// <summary>The wait after the <paramref name="failures"/>-th failed attempt (1 for the first) of one entry.</summary>
    public static TimeSpan AfterFailure(int failures) => failures < 1 ? Delays[0] : failures <= Delays.Length ? Delays[failures - 1] : Hourly;

    /// <summary>
    /// True when an entry that has been failing for <paramref name="failingFor"/> (null: this is its first failure) is
    /// given up after one more failure.
    /// </summary>
    public static bool GivesUp(TimeSpan? failingFor) => failingFor >= GiveUpAfter;
}
