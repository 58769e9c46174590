using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.Core.Common;

namespace Notifications.Persistence.Availability;

/// <summary>
/// Applies the migrations at start-up without making the host depend on the database being up: the first attempt
/// is awaited (so a host whose database is there starts migrated, as before), and when it fails the host starts anyway
/// and keeps trying in the background with back-off (<see cref="Backoff.Migration"/>), opening <see cref="DatabaseReadiness"/> when it succeeds.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design", "CA1001:Types that own disposable fields should be disposable", Justification = "See the comment on _stopping.")]
internal sealed class DatabaseMigrator(IServiceProvider services, DatabaseReadiness readiness, ILogger<DatabaseMigrator> logger)
    : IHostedService
{
    // Never disposed: a host may be disposed before it is stopped (WebApplicationFactory does), and a token source
    // without a timer holds nothing that needs it.
    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryMigrateAsync(1, cancellationToken))
        {
            _retries = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retries.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RetryAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(Backoff.Migration(attempt), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryMigrateAsync(attempt + 1, stoppingToken))
            {
                return;
            }
        }
    }

    private async Task<bool> TryMigrateAsync(int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await services.MigrateDatabaseAsync(cancellationToken);
            readiness.MarkMigrated();
            if (attempt > 1)
            {
                logger.LogInformation("Database migrated after {Attempts} attempts; the host is ready", attempt);
            }

            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && !DatabaseFailures.IsUnavailable(e))
        {
            // Not an outage (a failing migration, say): retrying may not help, so it is an error with its stack.
            logger.LogError(e, "Database migration attempt {Attempt} failed; retrying in {Delay}", attempt, Backoff.Migration(attempt));
            return false;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the type and message: a connection error's text names host and port, never the password.
            logger.LogWarning(
                "Database migration attempt {Attempt} failed ({Error}: {Message}); retrying in {Delay}",
                attempt, e.GetType().Name, e.Message, Backoff.Migration(attempt));
            return false;
        }
    }
}
