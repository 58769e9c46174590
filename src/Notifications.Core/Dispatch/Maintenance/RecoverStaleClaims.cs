namespace Notifications.Core.Dispatch.Maintenance;

/// <summary>Returns work whose claim expired (its host died or hung) to the queue, then wakes the workers.</summary>
public sealed record RecoverStaleClaimsCommand : ICommand<(int Orders, int Emails)>;

public sealed class RecoverStaleClaimsHandler(IMaintenanceStore store, IWorkSignal signal, TimeProvider clock, ILogger<RecoverStaleClaimsHandler> logger)
    : ICommandHandler<RecoverStaleClaimsCommand, (int Orders, int Emails)>
{
    public async ValueTask<(int Orders, int Emails)> Handle(RecoverStaleClaimsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var recovered = await store.RecoverStaleClaimsAsync(cancellationToken);
        if (recovered.Orders > 0 || recovered.Emails > 0)
        {
            logger.LogWarning("Recovered expired claims: {Orders} orders, {Emails} emails", recovered.Orders, recovered.Emails);
            signal.WakeOrdersAt(now);
            signal.WakeEmailsAt(now);
        }

        return recovered;
    }
}
