namespace Notifications.Core.Dispatch.Retention;

/// <summary>
/// Deletes orders, with their notifications, older than <see cref="RetentionOptions.Days"/>, and status feed entries older
/// than <see cref="Shipments.StatusFeedOptions.RetentionDays"/>.
/// </summary>
public sealed record ApplyRetentionCommand : ICommand<int>;

public sealed class ApplyRetentionHandler(
    IRetentionStore store,
    IOptions<RetentionOptions> options,
    IOptions<Shipments.StatusFeedOptions> feedOptions,
    TimeProvider clock,
    ILogger<ApplyRetentionHandler> logger) : ICommandHandler<ApplyRetentionCommand, int>
{
    public async ValueTask<int> Handle(ApplyRetentionCommand command, CancellationToken cancellationToken)
    {
        if (feedOptions.Value.RetentionDays > 0)
        {
            await store.DeleteFeedEntriesOlderThanAsync(clock.GetUtcNow() - TimeSpan.FromDays(feedOptions.Value.RetentionDays), cancellationToken);
        }

        var days = options.Value.Days;
        if (days == 0)
        {
            return 0;
        }

        var deleted = await store.DeleteOrdersOlderThanAsync(clock.GetUtcNow() - TimeSpan.FromDays(days), cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Retention: deleted {Count} orders older than {Days} days", deleted, days);
        }

        return deleted;
    }
}
