namespace Notifications.Core.Ports;

public enum OperationState
{
    /// <summary>NotStarted or Running: ask again later, after <see cref="OperationStatus.RetryAfter"/> when the provider said.</summary>
    Pending,

    /// <summary>The provider has sent the email; a delivery report may follow.</summary>
    Succeeded,

    /// <summary>The provider gave up (Failed or Canceled); <see cref="OperationStatus.FailureStatus"/> says why.</summary>
    Failed,

    /// <summary>The read got no answer about the operation (5xx, timeout, a configuration fault): ask this one again later.</summary>
    Unknown,

    /// <summary>The provider is rate-limiting status reads (429): no operation is read until <see cref="OperationStatus.RetryAfter"/> has passed.</summary>
    Throttled,
}

/// <param name="RetryAfter">
/// For Pending and Unknown: when the provider suggests reading this operation again (a polling hint for it alone).
/// For Throttled: how long every status read pauses.
/// </param>
public sealed record OperationStatus(
    OperationState State,
    EmailNotificationStatus FailureStatus = EmailNotificationStatus.Failed,
    string? Reason = null,
    TimeSpan? RetryAfter = null);

/// <summary>
/// For providers that accept an email first and report on it later (ACS): the state of one send operation.
/// Status reads are rate-limited by the provider; callers poll gently and prefer delivery reports.
/// </summary>
public interface IEmailOperationTracker
{
    Task<OperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken);
}
