using Notifications.Core.Statistics;
using Notifications.Persistence.Availability;

namespace Notifications.Api.Jobs;

/// <summary>
/// Folds statistics changes into the aggregates every <see cref="Period"/> on every host (one at a time does the work:
/// an advisory lock), so the deltas a statistics read adds up stay few (docs/statistics.md). Runs also on hosts that
/// only take requests: intake and cancelling record changes too.
/// </summary>
public sealed class StatisticsFolder(IServiceScopeFactory scopes, DatabaseReadiness database, ILogger<StatisticsFolder> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!database.IsMigrated)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // A burst larger than a batch is folded batch after batch without waiting for the next tick.
                while (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new FoldStatisticsCommand(), stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Folding statistics failed; retrying in {Period}", Period);
            }
        }
    }
}
