using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Notifications.Integrations.Tests;

/// <summary>One formatted log line.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message);

/// <summary>Keeps every log line in memory, so tests can check what is (not) logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Logs);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception)));
    }
}
