using Notifications.Core.Dispatch;
using Notifications.Core.Dispatch.Maintenance;
using Notifications.Core.Dispatch.PollSendStatus;
using Notifications.Core.Dispatch.ProcessDueOrders;
using Notifications.Core.Dispatch.Retention;
using Notifications.Core.Dispatch.SendEmails;
using Notifications.Core.Ports;
using Notifications.Core.Shipments;
using Notifications.Core.Statistics;
using Notifications.Core.Webhooks.Deliver;
using Notifications.Integrations.Email;
using Quartz;

namespace Notifications.Api.Jobs;

public static class JobsSetup
{
    /// <summary>How often every host numbers new status feed entries (docs/status-feed.md).</summary>
    public static readonly TimeSpan FeedSequencingPeriod = TimeSpan.FromMilliseconds(200);

    /// <summary>How often every host folds statistics deltas into the aggregates (docs/statistics.md).</summary>
    public static readonly TimeSpan StatisticsFoldingPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Webhook deliveries start within about a second of an entry being numbered (docs/webhooks.md).</summary>
    public const int WebhookPollIntervalSeconds = 1;

    /// <summary>
    /// The dispatch jobs, each with a fallback poll; <see cref="QuartzWorkSignal"/> starts them sooner when work arrives.
    /// With <c>Dispatch:Enabled=false</c> the host only takes requests (and still wakes the other hosts).
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<QuartzWorkSignal>();
        services.AddSingleton<IWorkSignal>(sp => sp.GetRequiredService<QuartzWorkSignal>());
        // Entries readable well within a second of their shipment becoming final; deltas a statistics read adds up stay few.
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<RepeatingCommand<SequenceFeedCommand>>(
            sp, FeedSequencingPeriod, "Numbering the status feed"));
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<RepeatingCommand<FoldStatisticsCommand>>(
            sp, StatisticsFoldingPeriod, "Folding statistics"));

        var options = DispatchOptions.ReadFrom(configuration);
        if (!options.Enabled)
        {
            return services;
        }

        // Send workers may hold a thread while a provider blocks (the pickup file's fsync, MailKit's synchronous parts).
        // With the runtime's floor of one thread per core, a busy sender would starve requests and wake-ups while the
        // pool slowly injects threads; a floor that covers the senders keeps everything else prompt.
        ThreadPool.GetMinThreads(out var workerThreads, out var ioThreads);
        ThreadPool.SetMinThreads(Math.Max(workerThreads, 2 * options.SendConcurrency + 16), ioThreads);

        services.AddQuartz(quartz =>
        {
            quartz.SchedulerName = "notifications-dispatch";
            quartz.AddTriggerListener<DatabaseReadyVeto>();
            AddPolledJob<ProcessDueOrdersCommand>(quartz, DispatchJobKeys.ProcessDueOrders, options.PollIntervalSeconds);
            AddPolledJob<SendEmailsCommand>(quartz, DispatchJobKeys.SendEmails, options.PollIntervalSeconds);
            AddPolledJob<RecoverStaleClaimsCommand>(quartz, DispatchJobKeys.RecoverStaleClaims, options.RecoverIntervalSeconds);
            AddPolledJob<ExpireNotificationsCommand>(quartz, DispatchJobKeys.ExpireNotifications, options.ExpireIntervalSeconds);
            AddPolledJob<DeliverWebhooksCommand>(quartz, DispatchJobKeys.DeliverWebhooks, WebhookPollIntervalSeconds);
            AddPolledJob<ApplyRetentionCommand>(quartz, DispatchJobKeys.ApplyRetention, (int)RetentionOptions.SweepInterval.TotalSeconds);
            if (EmailOptions.ConfiguredProvider(configuration) == EmailProviderKind.AzureCommunicationServices)
            {
                AddPolledJob<PollSendStatusCommand>(quartz, DispatchJobKeys.PollSendStatus, options.StatusPollIntervalSeconds);
            }
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        services.AddSingleton<DispatchRuns>();
        services.AddHostedService<DispatchRuns.StopGate>();
        services.AddHostedService<WorkSignalRegistration>();
        services.AddSingleton<DispatchHeartbeat>();
        services.AddHostedService<DispatchHeartbeat.Registration>();
        return services;
    }

    private static void AddPolledJob<TCommand>(IServiceCollectionQuartzConfigurator quartz, JobKey key, int intervalSeconds)
        where TCommand : IBaseCommand, new()
    {
        quartz.AddJob<DispatchJob<TCommand>>(job => job.WithIdentity(key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(key)
            .WithIdentity($"{key.Name}-poll", key.Group)
            .StartNow()
            .WithSimpleSchedule(s => s.WithIntervalInSeconds(intervalSeconds).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()));
    }

    /// <summary>Hooks the work signal into the scheduler so it knows when a queued run has started.</summary>
    private sealed class WorkSignalRegistration(ISchedulerFactory schedulers, QuartzWorkSignal signal) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) =>
            (await schedulers.GetScheduler(cancellationToken)).ListenerManager.AddJobListener(signal);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
