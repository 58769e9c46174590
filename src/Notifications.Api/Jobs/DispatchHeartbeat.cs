using Quartz;
using Quartz.Listener;

namespace Notifications.Api.Jobs;

/// <summary>
/// When a dispatch job last started or finished, for the readiness check: the fallback poll runs a job at least every
/// poll interval, so a long silence means the dispatch loop is stuck or dead.
/// </summary>
public sealed class DispatchHeartbeat(TimeProvider clock) : JobListenerSupport
{
    private long _lastBeatTicks = clock.GetUtcNow().UtcTicks;

    public override string Name => nameof(DispatchHeartbeat);

    /// <summary>The last job start or finish; before the first run, when this host began dispatching.</summary>
    public DateTimeOffset LastBeat => new(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);

    public override Task JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => Beat();

    public override Task JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) => Beat();

    private Task Beat()
    {
        Interlocked.Exchange(ref _lastBeatTicks, clock.GetUtcNow().UtcTicks);
        return Task.CompletedTask;
    }

    /// <summary>Hooks the heartbeat into the scheduler.</summary>
    internal sealed class Registration(ISchedulerFactory schedulers, DispatchHeartbeat heartbeat) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) =>
            (await schedulers.GetScheduler(cancellationToken)).ListenerManager.AddJobListener(heartbeat);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
