using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Notifications.Api.Tests.Http.Logging;

/// <summary>Every event the host's Serilog pipeline writes (the host reads sinks from its services).</summary>
public sealed class CapturingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => _events.ToList();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public void Clear() => _events.Clear();
}
