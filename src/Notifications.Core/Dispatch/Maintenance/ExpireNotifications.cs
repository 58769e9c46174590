namespace Notifications.Core.Dispatch.Maintenance;

/// <summary>Applies the 48-hour TTL, completes orders whose notifications are all final, and purges old bookkeeping.</summary>
public sealed record ExpireNotificationsCommand : ICommand<int>;

public sealed class ExpireNotificationsHandler(IMaintenanceStore store, IOrderCompletion completion, IEmailProvider provider, TimeProvider clock, ILogger<ExpireNotificationsHandler> logger,
    NotificationsMetrics metrics)
    : ICommandHandler<ExpireNotificationsCommand, int>
{
    /// <summary>Idempotency keys are kept at least 24 hours (the API promises it); a day more costs little.</summary>
    public static readonly TimeSpan IdempotencyKeyRetention = TimeSpan.FromHours(48);

    public async ValueTask<int> Handle(ExpireNotificationsCommand command, CancellationToken cancellationToken)
    {
        var expired = await store.ExpireAsync(provider.ReportsDelivery, cancellationToken);
        if (expired > 0)
        {
            logger.LogWarning("{Count} emails expired (Failed_TTL)", expired);
            metrics.EmailsFinal(EmailNotificationStatus.Failed_TTL, expired);
        }

        await completion.CompleteFinishedOrdersAsync(null, !provider.ReportsDelivery, clock.GetUtcNow(), cancellationToken);
        await store.PurgeAsync(clock.GetUtcNow(), IdempotencyKeyRetention, cancellationToken);
        return expired;
    }
}
