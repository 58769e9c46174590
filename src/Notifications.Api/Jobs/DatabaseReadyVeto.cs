using Notifications.Persistence.Availability;
using Quartz;
using Quartz.Listener;

namespace Notifications.Api.Jobs;

/// <summary>
/// Keeps every job from running until this host's migrations are applied: a host that started while the database was
/// away must not claim work from a schema that may be older than its code.
/// </summary>
public sealed class DatabaseReadyVeto(DatabaseReadiness readiness) : TriggerListenerSupport
{
    public override string Name => nameof(DatabaseReadyVeto);

    public override Task<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!readiness.IsMigrated);
}
