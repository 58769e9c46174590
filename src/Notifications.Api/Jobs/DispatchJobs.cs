using Quartz;

namespace Notifications.Api.Jobs;

/// <summary>
/// A job is only a trigger: it sends one Core command, through <see cref="DispatchRuns"/> so a host's stop is graceful.
/// Quartz runs one instance per job key at a time on a host.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DispatchJob<TCommand>(ISender sender, DispatchRuns runs) : IJob
    where TCommand : IBaseCommand, new()
{
    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, async stopping => await sender.Send(new TCommand(), stopping));
}

/// <summary>The scheduler's name for each dispatch job; the work signal starts a job by its key.</summary>
public static class DispatchJobKeys
{
    public static readonly JobKey ProcessDueOrders = new("process-due-orders", "dispatch");
    public static readonly JobKey SendEmails = new("send-emails", "dispatch");
    public static readonly JobKey RecoverStaleClaims = new("recover-stale-claims", "dispatch");
    public static readonly JobKey ExpireNotifications = new("expire-notifications", "dispatch");
    public static readonly JobKey PollSendStatus = new("poll-send-status", "dispatch");
    public static readonly JobKey DeliverWebhooks = new("deliver-webhooks", "dispatch");
    public static readonly JobKey ApplyRetention = new("apply-retention", "maintenance");
}
