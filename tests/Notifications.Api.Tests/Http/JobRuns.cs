using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Quartz.Listener;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// A host's Quartz job runs as they happen, so a test waits for the run it needs (the first poll, a pass after some
/// moment, a refused run) instead of sleeping for a guess of how long that takes. <see cref="Register"/> it with the
/// host's services: Quartz adds registered job listeners before the scheduler starts, so not even the first run is missed.
/// </summary>
public sealed class JobRuns : JobListenerSupport
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _starting = new();
    private readonly ConcurrentQueue<(JobKey Job, DateTimeOffset Started)> _started = new();
    private readonly ConcurrentQueue<(JobKey Job, DateTimeOffset Started)> _finished = new();
    private readonly ConcurrentQueue<JobKey> _vetoed = new();

    public override string Name => nameof(JobRuns);

    public void Register(IServiceCollection services) => services.AddSingleton<IJobListener>(this);

    /// <summary>Runs of <paramref name="job"/> (of any job when null) that have started, whether or not they have finished.</summary>
    public int Started(JobKey? job = null) => _started.Count(r => job is null || r.Job.Equals(job));

    /// <summary>Whether a run of <paramref name="job"/> that started after <paramref name="after"/> has finished.</summary>
    public bool HasFinishedRunStartedAfter(JobKey job, DateTimeOffset after) => _finished.Any(r => r.Job.Equals(job) && r.Started > after);

    /// <summary>Runs of <paramref name="job"/> that fired but were refused by a trigger listener.</summary>
    public int Vetoed(JobKey job) => _vetoed.Count(k => k.Equals(job));

    public override Task JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        _starting[context.FireInstanceId] = now;
        _started.Enqueue((context.JobDetail.Key, now));
        return Task.CompletedTask;
    }

    public override Task JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (_starting.TryRemove(context.FireInstanceId, out var started))
        {
            _finished.Enqueue((context.JobDetail.Key, started));
        }

        return Task.CompletedTask;
    }

    public override Task JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        _vetoed.Enqueue(context.JobDetail.Key);
        return Task.CompletedTask;
    }
}
