namespace Notifications.Core.Ports;

/// <summary>An accepted email whose provider operation is claimed for a status poll.</summary>
public sealed record OperationClaim(Guid NotificationId, Guid OrderId, Guid ClaimToken, string OperationId, int Polls);

/// <summary>
/// The queue of accepted emails (Sending with a provider operation id) whose status is read back from the provider (ACS).
/// Claimed like the other queues: one <c>FOR UPDATE SKIP LOCKED</c> statement, writes fenced by the claim token.
/// </summary>
public interface IOperationPolls
{
    /// <summary>Claims accepted emails (Sending with an operation id) whose next status poll is due.</summary>
    Task<IReadOnlyList<OperationClaim>> ClaimOperationsToPollAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records a poll: a new status (Succeeded or a Failed_*), or, when null, the time of the next poll.</summary>
    Task RecordOperationStatusAsync(OperationClaim claim, EmailNotificationStatus? status, DateTimeOffset nextPollAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>When the next status poll of an accepted email is due (claimed ones excluded), or null when none awaits one.</summary>
    Task<DateTimeOffset?> GetNextOperationPollAsync(CancellationToken cancellationToken);
}
