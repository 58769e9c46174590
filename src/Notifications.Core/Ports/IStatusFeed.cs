namespace Notifications.Core.Ports;

/// <summary>
/// The status feed: entries are written by the statements that make shipments final (no port call: it is part of each
/// of those writes), numbered here, and read by sequence number (docs/status-feed.md).
/// </summary>
public interface IStatusFeed
{
    /// <summary>
    /// Gives every written, unnumbered entry its sequence number, unless another host is doing so right now. Numbers are
    /// handed out by one transaction at a time, so an entry never becomes readable behind a number a reader has passed.
    /// Returns how many were numbered.
    /// </summary>
    Task<int> SequenceAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The creator's entries after <paramref name="sequenceNumber"/> ascending, or before it descending (the newest when it
    /// is 0), at most <paramref name="pageSize"/>.
    /// </summary>
    Task<IReadOnlyList<FeedEntry>> ReadAsync(string creator, long sequenceNumber, int pageSize, bool ascending, CancellationToken cancellationToken);
}
