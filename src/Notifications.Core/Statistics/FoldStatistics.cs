namespace Notifications.Core.Statistics;

/// <summary>Folds recorded statistics changes into the aggregates (every host runs it; one at a time does the work).</summary>
public sealed record FoldStatisticsCommand : ICommand<int>;

public sealed class FoldStatisticsHandler(IStatisticsStore store) : ICommandHandler<FoldStatisticsCommand, int>
{
    public async ValueTask<int> Handle(FoldStatisticsCommand command, CancellationToken cancellationToken) =>
        await store.FoldAsync(cancellationToken);
}
