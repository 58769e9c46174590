namespace Notifications.Core.Tests;

/// <summary>A clock that stands still, so no test depends on the wall clock.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public static readonly DateTimeOffset DefaultNow = new(2030, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public FixedTimeProvider()
        : this(DefaultNow)
    {
    }

    public DateTimeOffset UtcNow { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => UtcNow;
}
