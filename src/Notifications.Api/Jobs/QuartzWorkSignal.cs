using System.Collections.Concurrent;
using Notifications.Core.Ports;
using Quartz;
using Quartz.Listener;


namespace Notifications.Api.Jobs;

/// <summary>
/// Starts the dispatch jobs when there is work: at once for due work, or with a one-shot trigger at the exact time
/// future work becomes due. Requests are coalesced: while a run is already queued another is not added. Other hosts
/// hear of new work through <see cref="IClusterWakeChannel"/>.
/// </summary>
public sealed class QuartzWorkSignal : JobListenerSupport, IWorkSignal
{
    private readonly ISchedulerFactory? _schedulerFactory;
    private readonly IClusterWakeChannel _cluster;
    private readonly TimeProvider _clock;
    private readonly ILogger<QuartzWorkSignal> _logger;
    private readonly ConcurrentDictionary<JobKey, int> _queued = new();
    private readonly ConcurrentDictionary<JobKey, DateTimeOffset> _scheduledWake = new();

    public QuartzWorkSignal(IServiceProvider services, IClusterWakeChannel cluster, TimeProvider clock, ILogger<QuartzWorkSignal> logger)
    {
        // Without dispatch in this host there is no scheduler: only the other hosts are told.
        _schedulerFactory = services.GetService<ISchedulerFactory>();
        _cluster = cluster;
        _clock = clock;
        _logger = logger;
        if (_schedulerFactory is not null)
        {
            cluster.Received += (topic, dueAt) => WakeAt(topic == WakeTopic.Orders ? DispatchJobKeys.ProcessDueOrders : DispatchJobKeys.SendEmails, dueAt);
        }
    }

    public override string Name => nameof(QuartzWorkSignal);

    public void OrderRegistered(DateTimeOffset dueAt)
    {
        WakeAt(DispatchJobKeys.ProcessDueOrders, dueAt);
        _cluster.Publish(WakeTopic.Orders, dueAt);
    }

    public void EmailsQueued()
    {
        WakeAt(DispatchJobKeys.SendEmails, _clock.GetUtcNow());
        _cluster.Publish(WakeTopic.Emails, _clock.GetUtcNow());
    }

    public void WakeOrdersAt(DateTimeOffset dueAt) => WakeAt(DispatchJobKeys.ProcessDueOrders, dueAt);

    public void WakeEmailsAt(DateTimeOffset readyAt) => WakeAt(DispatchJobKeys.SendEmails, readyAt);

    public void WakeStatusPollAt(DateTimeOffset dueAt) => WakeAt(DispatchJobKeys.PollSendStatus, dueAt);

    /// <summary>A run is starting: work signalled from now on needs another run.</summary>
    public override Task JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        _queued[context.JobDetail.Key] = 0;
        return Task.CompletedTask;
    }

    private void WakeAt(JobKey job, DateTimeOffset at)
    {
        if (_schedulerFactory is null)
        {
            return;
        }

        if (at <= _clock.GetUtcNow())
        {
            if (_queued.TryUpdate(job, 1, 0) || _queued.TryAdd(job, 1))
            {
                _ = RunAsync(job, scheduler => scheduler.TriggerJob(job));
            }

            return;
        }

        // Keep one wake-up trigger per job, at the earliest time asked for.
        var scheduled = _scheduledWake.AddOrUpdate(job, at, (_, current) => current <= _clock.GetUtcNow() || at < current ? at : current);
        if (scheduled == at)
        {
            var trigger = TriggerBuilder.Create()
                .WithIdentity($"{job.Name}-wake", job.Group)
                .ForJob(job)
                .StartAt(at)
                .WithSimpleSchedule(s => s.WithMisfireHandlingInstructionFireNow())
                .Build();
            _ = RunAsync(job, async scheduler =>
            {
                if (await scheduler.RescheduleJob(trigger.Key, trigger) is null)
                {
                    await scheduler.ScheduleJob(trigger);
                }
            });
        }
    }

    private async Task RunAsync(JobKey job, Func<IScheduler, Task> action)
    {
        try
        {
            await action(await _schedulerFactory!.GetScheduler());
        }
        catch (Exception e)
        {
            // The fallback poll still runs the job.
            _queued[job] = 0;
            _logger.LogWarning(e, "Could not wake job {Job}", job.Name);
        }
    }
}
