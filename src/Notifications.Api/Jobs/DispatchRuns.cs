using System.Collections.Concurrent;
using Quartz;

namespace Notifications.Api.Jobs;

/// <summary>
/// Runs the dispatch commands for the Quartz jobs so that a host's stop is graceful. Quartz cancels a job's token only
/// when the job is interrupted, never when the host stops, and its hosted service does not hold the host back until a
/// running job has finished (seen: the database pool disposed under a batch's last result write). So each run's token
/// is also cancelled by the host's stopping (the handlers then stop claiming, finish and record the sends in flight,
/// and hand the rest back), and <see cref="StopGate"/> keeps the host's services alive until the runs have done so.
/// </summary>
public sealed class DispatchRuns(IHostApplicationLifetime host)
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public async Task RunAsync(IJobExecutionContext context, Func<CancellationToken, Task> command)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, host.ApplicationStopping);
        var run = command(stopping.Token);
        _running.TryAdd(run, 0);
        try
        {
            await run;
        }
        finally
        {
            _running.TryRemove(run, out _);
        }
    }

    /// <summary>Waits, within the host's shutdown timeout, for the runs in progress.</summary>
    private Task WhenStoppedAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_running.Keys).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(cancellationToken);

    /// <summary>Registered after Quartz's hosted service, so it stops first: the host stops only after the runs have.</summary>
    internal sealed class StopGate(DispatchRuns runs) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => runs.WhenStoppedAsync(cancellationToken);
    }
}
