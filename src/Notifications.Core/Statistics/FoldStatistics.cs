namespace Notifications.Core.Statistics;

/// <summary>
/// Folds recorded statistics changes into the aggregates (every host runs it; one at a time does the work). True when
/// it folded a full batch, so more may be waiting.
/// </summary>
public sealed record FoldStatisticsCommand : ICommand<bool>;

public sealed class FoldStatisticsHandler(IStatisticsStore store) : ICommandHandler<FoldStatisticsCommand, bool>
{
    /// <summary>Changes folded per transaction, so one fold stays short however large a burst was.</summary>
    public const int BatchSize = 10_000;

    public async ValueTask<bool> Handle(FoldStatisticsCommand command, CancellationToken cancellationToken) =>
        await store.FoldAsync(BatchSize, cancellationToken) == BatchSize;
}
