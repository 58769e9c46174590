using Notifications.Core.Domain;

namespace Notifications.Core.Ports;

public enum OperationState
{
    /// <summary>NotStarted or Running, or the provider could not answer now (429, 5xx, timeout): ask again later.</summary>
    Pending,

    /// <summary>The provider has sent the email; a delivery report may follow.</summary>
    Succeeded,

    /// <summary>The provider gave up (Failed or Canceled); <see cref="OperationStatus.FailureStatus"/> says why.</summary>
    Failed,
}

/// <param name="RetryAfter">For Pending: how long the provider asked us to wait before asking again, if it said.</param>
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
