using Mediator;
using Notifications.Core.Dispatch.Maintenance;
using Notifications.Core.Dispatch.PollSendStatus;
using Notifications.Core.Dispatch.ProcessDueOrders;
using Notifications.Core.Dispatch.SendEmails;
using Quartz;

namespace Notifications.Api.Jobs;

// Each job is a trigger: the work is an ordinary command handler in Core. Quartz cancels a job's token only when the job
// is interrupted, not when the host stops, so each job's token is linked to the host's stopping token: on SIGTERM the
// handlers stop claiming at once, finish what is in flight and hand the rest back.

[DisallowConcurrentExecution]
public sealed class ProcessDueOrdersJob(ISender sender, IHostApplicationLifetime host) : IJob
{
    public static readonly JobKey Key = new("process-due-orders", "dispatch");

    public async Task Execute(IJobExecutionContext context)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, host.ApplicationStopping);
        await sender.Send(new ProcessDueOrdersCommand(), stopping.Token);
    }
}

[DisallowConcurrentExecution]
public sealed class SendEmailsJob(ISender sender, IHostApplicationLifetime host) : IJob
{
    public static readonly JobKey Key = new("send-emails", "dispatch");

    public async Task Execute(IJobExecutionContext context)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, host.ApplicationStopping);
        await sender.Send(new SendEmailsCommand(), stopping.Token);
    }
}

[DisallowConcurrentExecution]
public sealed class RecoverStaleClaimsJob(ISender sender, IHostApplicationLifetime host) : IJob
{
    public static readonly JobKey Key = new("recover-stale-claims", "dispatch");

    public async Task Execute(IJobExecutionContext context)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, host.ApplicationStopping);
        await sender.Send(new RecoverStaleClaimsCommand(), stopping.Token);
    }
}

[DisallowConcurrentExecution]
public sealed class ExpireNotificationsJob(ISender sender, IHostApplicationLifetime host) : IJob
{
    public static readonly JobKey Key = new("expire-notifications", "dispatch");

    public async Task Execute(IJobExecutionContext context)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, host.ApplicationStopping);
        await sender.Send(new ExpireNotificationsCommand(), stopping.Token);
    }
}

[DisallowConcurrentExecution]
public sealed class PollSendStatusJob(ISender sender, IHostApplicationLifetime host) : IJob
{
    public static readonly JobKey Key = new("poll-send-status", "dispatch");

    public async Task Execute(IJobExecutionContext context)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, host.ApplicationStopping);
        await sender.Send(new PollSendStatusCommand(), stopping.Token);
    }
}
