namespace Notifications.Core.Ports;

/// <summary>An email ready for the provider: personalised, with the notification id as its idempotency id.</summary>
/// <param name="MayHaveBeenSent">
/// An earlier attempt may have reached the provider (a timeout, a crash, a claim taken over): a provider that can look
/// the send up (ACS) does so before sending again. Pickup and SMTP ignore it.
/// </param>
public sealed record OutgoingEmail(
    Guid NotificationId,
    string FromAddress,
    string ToAddress,
    string? ToName,
    string Subject,
    string Body,
    EmailContentType ContentType,
    bool MayHaveBeenSent = false);

public enum SendOutcomeKind
{
    /// <summary>The provider took the email. <see cref="SendOutcome.OperationId"/> tracks it when the provider reports later.</summary>
    Accepted,

    /// <summary>Try this email again later (5xx, timeout, SMTP 4xx).</summary>
    Transient,

    /// <summary>The provider is throttling us (429): every send to it pauses until <see cref="SendOutcome.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>The email cannot be sent; <see cref="SendOutcome.FailureStatus"/> says why.</summary>
    Failed,
}

public sealed record SendOutcome(
    SendOutcomeKind Kind,
    string? OperationId = null,
    TimeSpan? RetryAfter = null,
    EmailNotificationStatus FailureStatus = EmailNotificationStatus.Failed,
    string? Reason = null)
{
    public static SendOutcome Accepted(string? operationId = null) => new(SendOutcomeKind.Accepted, operationId);

    public static SendOutcome Transient(string reason) => new(SendOutcomeKind.Transient, Reason: reason);

    public static SendOutcome Throttled(TimeSpan retryAfter, string reason) => new(SendOutcomeKind.Throttled, RetryAfter: retryAfter, Reason: reason);

    public static SendOutcome Failed(EmailNotificationStatus status, string reason) => new(SendOutcomeKind.Failed, FailureStatus: status, Reason: reason);
}

/// <summary>Sends emails (Pickup, SMTP, Azure Communication Services).</summary>
public interface IEmailProvider
{
    /// <summary>Whether <see cref="EmailNotificationStatus.Succeeded"/> waits for a delivery report (ACS) or is final.</summary>
    bool ReportsDelivery { get; }

    /// <summary>Names the provider's shared throttle and send budget in the database (e.g. "acs").</summary>
    string Name { get; }

    /// <summary>Sends per minute allowed across all hosts; null means no limit.</summary>
    int? SendsPerMinute { get; }

    /// <summary>
    /// Opens a session for sending several emails one after another (an SMTP connection is reused across it).
    /// Sessions are not shared between threads.
    /// </summary>
    Task<IEmailSession> OpenSessionAsync(CancellationToken cancellationToken);
}

public interface IEmailSession : IAsyncDisposable
{
    /// <summary>Sends one email. Expected failures are outcomes, not exceptions.</summary>
    Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
