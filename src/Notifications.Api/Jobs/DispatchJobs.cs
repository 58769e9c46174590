using Mediator;
using Notifications.Core.Dispatch.Maintenance;
using Notifications.Core.Dispatch.PollSendStatus;
using Notifications.Core.Dispatch.ProcessDueOrders;
using Notifications.Core.Dispatch.Retention;
using Notifications.Core.Dispatch.SendEmails;
using Quartz;

namespace Notifications.Api.Jobs;

// Each job is a trigger: the work is an ordinary command handler in Core.

[DisallowConcurrentExecution]
public sealed class ProcessDueOrdersJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("process-due-orders", "dispatch");

    public async Task Execute(IJobExecutionContext context) => await sender.Send(new ProcessDueOrdersCommand(), context.CancellationToken);
}

[DisallowConcurrentExecution]
public sealed class SendEmailsJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("send-emails", "dispatch");

    public async Task Execute(IJobExecutionContext context) => await sender.Send(new SendEmailsCommand(), context.CancellationToken);
}

[DisallowConcurrentExecution]
public sealed class RecoverStaleClaimsJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("recover-stale-claims", "dispatch");

    public async Task Execute(IJobExecutionContext context) => await sender.Send(new RecoverStaleClaimsCommand(), context.CancellationToken);
}

[DisallowConcurrentExecution]
public sealed class ExpireNotificationsJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("expire-notifications", "dispatch");

    public async Task Execute(IJobExecutionContext context) => await sender.Send(new ExpireNotificationsCommand(), context.CancellationToken);
}

[DisallowConcurrentExecution]
public sealed class PollSendStatusJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("poll-send-status", "dispatch");

    public async Task Execute(IJobExecutionContext context) => await sender.Send(new PollSendStatusCommand(), context.CancellationToken);
}

[DisallowConcurrentExecution]
public sealed class ApplyRetentionJob(ISender sender) : IJob
{
    public static readonly JobKey Key = new("apply-retention", "maintenance");

    public async Task Execute(IJobExecutionContext context) => await sender.Send(new ApplyRetentionCommand(), context.CancellationToken);
}
