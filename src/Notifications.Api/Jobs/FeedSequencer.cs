using Notifications.Core.Shipments;
using Notifications.Persistence.Availability;

namespace Notifications.Api.Jobs;

/// <summary>
/// Numbers new status feed entries every <see cref="Period"/> on every host (one at a time does the work: an advisory
/// lock), so an entry is readable well within a second of its shipment becoming final (docs/status-feed.md). Runs
/// also on hosts that only take requests: cancelling writes entries too.
/// </summary>
public sealed class FeedSequencer(IServiceScopeFactory scopes, DatabaseReadiness database, ILogger<FeedSequencer> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

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
                // A burst larger than a batch is numbered batch after batch without waiting for the next tick.
                while (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SequenceFeedCommand(), stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Numbering the status feed failed; retrying in {Period}", Period);
            }
        }
    }
}
