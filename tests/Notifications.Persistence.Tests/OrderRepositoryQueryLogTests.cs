using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Core.Ports;

namespace Notifications.Persistence.Tests;

/// <summary>
/// EF Core's warnings for the repository's LINQ queries. Each test has its own logger factory, which gives it its own EF
/// service provider and so its own query cache: a query another test compiled first is compiled (and warned about) again.
/// </summary>
public sealed class OrderRepositoryQueryLogTests : PersistenceTestBase
{
    [Test]
    public async Task GetEmailSummary_LogsNoWarning()
    {
        var log = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Notifications"] = TestDatabase.ConnectionString })
            .Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddPersistence(configuration)
            .ConfigureDbContext<NotificationsDbContext>(options => options.UseLoggerFactory(loggerFactory))
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();

        var summary = await scope.ServiceProvider.GetRequiredService<IOrderRepository>().GetEmailSummaryAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.That(summary, Is.Null);
        // The capture saw the query run, so a warning would have been seen too.
        Assert.That(log.Events.Select(e => e.Id), Does.Contain(RelationalEventId.CommandExecuted));
        // "'FirstOrDefault' without 'OrderBy' and filter" was the one it logged.
        Assert.That(log.Events.Select(e => e.Id), Does.Not.Contain(CoreEventId.FirstWithoutOrderByAndFilterWarning));
        Assert.That(log.Events.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Id.Name), Is.Empty);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly List<(EventId Id, LogLevel Level)> _events = [];

        public IReadOnlyList<(EventId Id, LogLevel Level)> Events
        {
            get
            {
                lock (_events)
                {
                    return _events.ToList();
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_events)
            {
                _events.Add((eventId, logLevel));
            }
        }

        public void Dispose()
        {
        }
    }
}
