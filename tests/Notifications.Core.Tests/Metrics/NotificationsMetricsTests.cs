using System.Diagnostics.Metrics;
using Moq;
using Notifications.Core.Domain;
using Notifications.Core.Metrics;
using Notifications.Core.Ports;

namespace Notifications.Core.Tests.Metrics;

public sealed class NotificationsMetricsTests
{
    private readonly TestMeterFactory _meters = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private MeterListener _listener = null!;

    [SetUp]
    public void Listen()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == _meters)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    [TearDown]
    public void Stop()
    {
        _listener.Dispose();
        _meters.Dispose();
    }

    [Test]
    public void SendOutcome_CountsErrorsByKind_AndTheDelayOfAcceptedEmails()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.Parse("2026-01-01T12:00:10Z"));
        var metrics = new NotificationsMetrics(_meters, clock);
        _measurements.Clear();

        metrics.SendOutcome(SendOutcome.Accepted(), DateTimeOffset.Parse("2026-01-01T12:00:00Z"), providerReportsDelivery: false);
        metrics.SendOutcome(SendOutcome.Transient("timeout"), null, false);
        metrics.SendOutcome(SendOutcome.Throttled(TimeSpan.FromSeconds(5), "429"), null, false);
        metrics.SendOutcome(SendOutcome.Failed(EmailNotificationStatus.Failed_InvalidEmailFormat, "bad"), null, false);

        Assert.That(Values("notifications.emails.send_delay"), Is.EqualTo(new[] { 10.0 }));
        Assert.That(Tags("notifications.provider.errors", "kind"), Is.EqualTo(new[] { "transient", "throttled", "failed" }));
        Assert.That(Tags("notifications.emails.final", "status"), Is.EqualTo(new[] { "Succeeded", "Failed_InvalidEmailFormat" }));
    }

    [Test]
    public void AcceptedEmail_WithAProviderThatReportsDelivery_IsNotYetFinal()
    {
        var metrics = new NotificationsMetrics(_meters, TimeProvider.System);
        _measurements.Clear();

        metrics.SendOutcome(SendOutcome.Accepted("op"), DateTimeOffset.UtcNow, providerReportsDelivery: true);

        Assert.That(Tags("notifications.emails.final", "status"), Is.Empty);
    }

    [Test]
    public void Backlog_IsReadFromTheDatabaseAtMostOncePerCacheTime()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.Parse("2026-01-01T12:00:00Z"));
        var reader = new Mock<IBacklogReader>();
        reader.Setup(r => r.ReadBacklog()).Returns(new EmailBacklog(7, 2));
        _ = new NotificationsMetrics(_meters, clock, reader.Object);

        _listener.RecordObservableInstruments();
        _listener.RecordObservableInstruments();
        clock.UtcNow += NotificationsMetrics.BacklogCacheTime;
        _listener.RecordObservableInstruments();

        reader.Verify(r => r.ReadBacklog(), Times.Exactly(2));
        var backlog = _measurements.Where(m => m.Instrument == "notifications.emails.backlog").Take(2).ToList();
        Assert.That(backlog.Select(m => (m.Tags["status"], m.Value)), Is.EqualTo(new[] { ((object?)"New", 7.0), ("Sending", 2.0) }));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    private IEnumerable<double> Values(string instrument) => _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value);

    private IEnumerable<object?> Tags(string instrument, string tag) =>
        _measurements.Where(m => m.Instrument == instrument && m.Value > 0).Select(m => m.Tags[tag]);
}
