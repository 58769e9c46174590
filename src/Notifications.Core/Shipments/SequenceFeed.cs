namespace Notifications.Core.Shipments;

/// <summary>
/// Numbers the feed entries written since the last run (every host runs it; one at a time does the work). True when it
/// numbered a full batch, so more may be waiting.
/// </summary>
public sealed record SequenceFeedCommand : ICommand<bool>;

public sealed class SequenceFeedHandler(IStatusFeed feed) : ICommandHandler<SequenceFeedCommand, bool>
{
    /// <summary>Entries numbered per transaction, so one run stays short however large a burst was.</summary>
    public const int BatchSize = 5_000;

    public async ValueTask<bool> Handle(SequenceFeedCommand command, CancellationToken cancellationToken) =>
        await feed.SequenceAsync(BatchSize, cancellationToken) == BatchSize;
}
