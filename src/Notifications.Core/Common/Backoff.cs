namespace Notifications.Core.Common;

/// <summary>
/// Every retry and back-off schedule of the service, so how long anything waits after a failure is read in one place.
/// Each schedule says why it has its values; BackoffTests pin them.
/// </summary>
public static class Backoff
{
    /// <summary>
    /// The pause of every send to a provider after a 429 that names no usable wait: a minute, so a per-minute quota
    /// (ACS) has opened again when sending resumes.
    /// </summary>
    public static readonly TimeSpan ProviderThrottle = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Send-condition retries (docs/architecture.md#journey): about 10 s, then 60 s, then fail open, so a flaky condition
    /// endpoint delays an order by about a minute but never stops it.
    /// </summary>
    public static readonly TimeSpan[] SendCondition = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)];

    /// <summary>
    /// Writes of send results that failed, retried for a few seconds (docs/decisions/003-group-commit-of-send-results.md):
    /// a database blip is ridden out, an outage ends the batch before its claims' leases are at risk.
    /// </summary>
    public static readonly TimeSpan[] ResultWrite =
        [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>An accepted email's operation is first polled after this; a delivery report usually comes sooner.</summary>
    public static readonly TimeSpan FirstStatusPoll = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest wait between status reads of one operation, also how long status reads pause after a 429 that names
    /// no wait: status reads are rate-limited, and an operation still pending after minutes rarely changes sooner.
    /// </summary>
    public static readonly TimeSpan MaxStatusPoll = TimeSpan.FromMinutes(10);

    /// <summary>The shortest polling hint honoured: a <c>retry-after: 0</c> must not make a run read one operation in a loop.</summary>
    public static readonly TimeSpan MinStatusPollHint = TimeSpan.FromSeconds(1);

    /// <summary>Webhook entries are given up after failing this long (docs/webhooks.md): a subscriber down for a day has lost them.</summary>
    public static readonly TimeSpan WebhookGiveUpAfter = TimeSpan.FromHours(24);

    /// <summary>The longest wait between migration attempts: the same as the Retry-After a 503 carries, so a client told to come back then finds the host ready.</summary>
    public static readonly TimeSpan MaxMigrationDelay = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan[] WebhookDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
    ];

    private static readonly TimeSpan WebhookHourly = TimeSpan.FromHours(1);

    /// <summary>
    /// An email whose send failed transiently, after its <paramref name="attempts"/>-th attempt: 5 s doubling to 10 min,
    /// so a provider outage is retried often at first and then gently until the email's TTL.
    /// </summary>
    public static TimeSpan TransientSend(int attempts) => ForAttempt(attempts, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

    /// <summary>
    /// An order whose recipient lookup found the registry unavailable, after its <paramref name="attempts"/>-th failure:
    /// 10 s doubling to 10 min, so the registry is not hammered while down and the order is never silently completed.
    /// </summary>
    public static TimeSpan RecipientLookup(int attempts) => ForAttempt(attempts, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));

    /// <summary>
    /// The wait before an operation's next status read: the provider's <paramref name="hint"/> when it gave one (clamped
    /// to <see cref="MinStatusPollHint"/>..<see cref="MaxStatusPoll"/>), else 5 s doubling to 10 min by <paramref name="polls"/>.
    /// </summary>
    public static TimeSpan StatusPoll(int polls, TimeSpan? hint) => hint switch
    {
        { } h when h < MinStatusPollHint => MinStatusPollHint,
        { } h when h > MaxStatusPoll => MaxStatusPoll,
        { } h => h,
        null => ForAttempt(polls, FirstStatusPoll, MaxStatusPoll),
    };

    /// <summary>
    /// The wait after the <paramref name="failures"/>-th failed delivery (1 for the first) of one webhook entry
    /// (docs/webhooks.md): about 5 s, 30 s, 2 min, 10 min, 30 min, then hourly, so a brief outage costs seconds and a long
    /// one an hourly knock.
    /// </summary>
    public static TimeSpan WebhookRetry(int failures) =>
        failures < 1 ? WebhookDelays[0] : failures <= WebhookDelays.Length ? WebhookDelays[failures - 1] : WebhookHourly;

    /// <summary>
    /// True when a webhook entry that has been failing for <paramref name="failingFor"/> (null: this is its first failure)
    /// is given up after one more failure.
    /// </summary>
    public static bool WebhookGivesUp(TimeSpan? failingFor) => failingFor >= WebhookGiveUpAfter;

    /// <summary>
    /// The wait before the next start-up migration attempt: 0.5 s, 1 s, 2 s, 4 s, then every 5 s, so a host whose
    /// database comes up late is ready within seconds of it.
    /// </summary>
    public static TimeSpan Migration(int failedAttempts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxMigrationDelay.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(failedAttempts - 1, 10))));

    /// <summary>
    /// <paramref name="first"/> at the first attempt, doubling with each one, capped at <paramref name="max"/>; attempts
    /// at or below 1 wait <paramref name="first"/>.
    /// </summary>
    public static TimeSpan ForAttempt(int attempt, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
    }
}
