using Mediator;
using Notifications.Core.Dispatch.Maintenance;
using Notifications.Core.Dispatch.PollSendStatus;
using Notifications.Core.Dispatch.ProcessDueOrders;
using Notifications.Core.Dispatch.Retention;
using Notifications.Core.Dispatch.SendEmails;
using Quartz;

namespace Notifications.Api.Jobs;

// Each job is a trigger: the work is an ordinary command handler in Core, run through DispatchRuns so a host's stop is graceful.

[DisallowConcurrentExecution]
public sealed class ProcessDueOrdersJob(ISender sender, DispatchRuns runs) : IJob
{
    public static readonly JobKey Key = new("process-due-orders", "dispatch");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, async stopping => await sender.Send(new ProcessDueOrdersCommand(), stopping));
}

[DisallowConcurrentExecution]
public sealed class SendEmailsJob(ISender sender, DispatchRuns runs) : IJob
{
    public static readonly JobKey Key = new("send-emails", "dispatch");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, async stopping => await sender.Send(new SendEmailsCommand(), stopping));
}

[DisallowConcurrentExecution]
public sealed class RecoverStaleClaimsJob(ISender sender, DispatchRuns runs) : IJob
{
    public static readonly JobKey Key = new("recover-stale-claims", "dispatch");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, async stopping => await sender.Send(new RecoverStaleClaimsCommand(), stopping));
}

[DisallowConcurrentExecution]
public sealed class ExpireNotificationsJob(ISender sender, DispatchRuns runs) : IJob
{
    public static readonly JobKey Key = new("expire-notifications", "dispatch");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, async stopping => await sender.Send(new ExpireNotificationsCommand(), stopping));
}

[DisallowConcurrentExecution]
public sealed class PollSendStatusJob(ISender sender, DispatchRuns runs) : IJob
{
    public static readonly JobKey Key = new("poll-send-status", "dispatch");

    public Task Execute(IJobExecutionContext context) => runs.RunAsync(context, async stopping => await sender.Send(new PollSendStatusCommand(), stopping));
}

[DisallowConcurrentExecution]
public sealed class ApplyRetentionJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("apply-retention", "maintenance");

    public async Task Execute(IJobExecutionContext context) => await sender.Send(new ApplyRetentionCommand(), context.CancellationToken);
}
