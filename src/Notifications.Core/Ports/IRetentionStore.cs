namespace Notifications.Core.Ports;

public interface IRetentionStore
{
    /// <summary>
    /// Deletes, in batches, every order both registered and due before <paramref name="cutoff"/>, and its email
    /// notifications. An order scheduled further ahead than the cutoff is kept until its send time is old too.
    /// Returns how many orders were deleted.
    /// </summary>
    Task<int> DeleteOrdersOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Deletes, in batches, the status feed entries written before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteFeedEntriesOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
