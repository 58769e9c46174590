using System.Diagnostics.Metrics;
using Notifications.Core.Metrics;

namespace Notifications.Core.Tests.Metrics;

/// <summary>Meters scoped to one factory, so a listener can tell this test's instruments from everyone else's.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    /// <summary>Real metrics for a handler under test that does not look at them.</summary>
    public static NotificationsMetrics Metrics(TimeProvider? clock = null) => new(new TestMeterFactory(), clock ?? TimeProvider.System);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
