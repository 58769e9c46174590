namespace Notifications.Core.Ports;

/// <summary>
/// Closes orders whose emails are all final. Every path that makes an email final (send results, status polls,
/// delivery reports, expiry) calls it, so an order is completed by whichever of them finishes its last email.
/// </summary>
public interface IOrderCompletion
{
    /// <summary>Moves Processed orders whose notifications are all final to Completed; null ids means every order.</summary>
    Task<int> CompleteFinishedOrdersAsync(IReadOnlyCollection<Guid>? orderIds, bool succeededIsFinal, DateTimeOffset now, CancellationToken cancellationToken);
}
