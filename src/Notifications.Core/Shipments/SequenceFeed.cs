namespace Notifications.Core.Shipments;

/// <summary>Numbers the feed entries written since the last run (every host runs it; one at a time does the work).</summary>
public sealed record SequenceFeedCommand : ICommand<int>;

public sealed class SequenceFeedHandler(IStatusFeed feed) : ICommandHandler<SequenceFeedCommand, int>
{
    public async ValueTask<int> Handle(SequenceFeedCommand command, CancellationToken cancellationToken) =>
        await feed.SequenceAsync(cancellationToken);
}
