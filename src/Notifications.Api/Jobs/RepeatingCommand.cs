using Notifications.Persistence.Availability;

namespace Notifications.Api.Jobs;

/// <summary>
/// Sends <typeparamref name="TCommand"/> every <paramref name="period"/> on every host, and again at once while it reports
/// a full batch (a burst larger than a batch is handled batch after batch without waiting for the next tick; a steady
/// trickle waits for the tick, so a busy intake does not keep it folding a few rows at a time). Used for the
/// cluster-wide steps whose handler lets one host at a time do the work under an advisory lock: numbering the status
/// feed (docs/status-feed.md) and folding statistics (docs/statistics.md). Runs also on hosts that only take requests,
/// since intake and cancelling produce that work too.
/// </summary>
public sealed class RepeatingCommand<TCommand>(
    TimeSpan period,
    string what,
    IServiceScopeFactory scopes,
    DatabaseReadiness database,
    ILogger<RepeatingCommand<TCommand>> logger) : BackgroundService
    where TCommand : ICommand<bool>, new()
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!database.IsMigrated)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                while (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new TCommand(), stoppingToken))
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "{What} failed; retrying in {Period}", what, period);
            }
        }
    }
}
