using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Api.Jobs;
using Notifications.Core.Dispatch;
using Quartz;

namespace Notifications.Api.Health;

/// <summary>
/// Ready when this host's dispatch loop is alive: the Quartz scheduler runs, and a dispatch job started or finished
/// within a few poll intervals. Registered only on hosts with <c>Dispatch:Enabled</c>.
/// </summary>
public sealed class DispatchHealthCheck(ISchedulerFactory schedulers, DispatchHeartbeat heartbeat, IOptions<DispatchOptions> options, TimeProvider clock)
    : IHealthCheck
{
    /// <summary>Never less than this, so a short poll interval on a busy machine does not flap.</summary>
    public static readonly TimeSpan MinimumSilence = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var running = scheduler.IsStarted && !scheduler.InStandbyMode && !scheduler.IsShutdown;
        return Evaluate(running, heartbeat.LastBeat, clock.GetUtcNow(), MaxSilence(options.Value));
    }

    public static TimeSpan MaxSilence(DispatchOptions options) =>
        TimeSpan.FromSeconds(Math.Max(3 * options.PollIntervalSeconds, MinimumSilence.TotalSeconds));

    public static HealthCheckResult Evaluate(bool schedulerRunning, DateTimeOffset lastBeat, DateTimeOffset now, TimeSpan maxSilence) =>
        !schedulerRunning ? HealthCheckResult.Unhealthy("The dispatch scheduler is not running.")
        : now - lastBeat > maxSilence ? HealthCheckResult.Unhealthy($"No dispatch job has run since {lastBeat:o}.")
        : HealthCheckResult.Healthy();
}
