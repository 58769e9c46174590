using System.Net;

namespace Notifications.Integrations.Email.Acs;

/// <summary>
/// What an ACS error means for the email (docs/architecture.md#contracts). Reasons: HTTP status, error code, never ACS's
/// message: it may quote the recipient's address.
/// </summary>
public static class AcsErrorMapper
{
    public const string TooManyRequests = "TooManyRequests";
    public const string AllRecipientsSuppressed = "EmailDroppedAllRecipientsSuppressed";
    public const string InvalidEmailFormatMessage = "Invalid format for email address";

    /// <summary>The failure status for an error that is the email's fault: suppressed, malformed address, or plain <c>Failed</c>.</summary>
    public static EmailNotificationStatus FailureStatus(string? code, string? message)
    {
        if (string.Equals(code, AllRecipientsSuppressed, StringComparison.OrdinalIgnoreCase))
        {
            return EmailNotificationStatus.Failed_SupressedRecipient;
        }

        return message?.Contains(InvalidEmailFormatMessage, StringComparison.OrdinalIgnoreCase) == true
            ? EmailNotificationStatus.Failed_InvalidEmailFormat
            : EmailNotificationStatus.Failed;
    }

    /// <summary>
    /// A send that ACS answered with an error: 429 or <c>TooManyRequests</c> throttles every send; 5xx and 408 are
    /// transient for this email; the rest fail it (400, 401, 403, 404, 413, …).
    /// </summary>
    /// <param name="retryAfter">From <see cref="RetryAfterParser.Parse"/>; used only when throttled.</param>
    public static SendOutcome ClassifySend(HttpStatusCode status, string? code, string? message, TimeSpan retryAfter)
    {
        var reason = Reason(status, code);
        if (IsThrottled(status, code))
        {
            return SendOutcome.Throttled(retryAfter, reason);
        }

        var failure = FailureStatus(code, message);
        if (failure != EmailNotificationStatus.Failed)
        {
            // A specific verdict on the recipient is final whatever status came with it.
            return SendOutcome.Failed(failure, reason);
        }

        return IsTransient(status) ? SendOutcome.Transient(reason) : SendOutcome.Failed(EmailNotificationStatus.Failed, reason);
    }

    /// <summary>
    /// A status read that ACS answered with an error. Only 404 (ACS knows no such operation) is an answer about the email;
    /// 429 pauses every status read; 5xx and timeouts mean "ask this one later", and so do 400, 401 and 403, which are
    /// faults of our configuration rather than of the email (the 48-hour TTL still ends an email that is never confirmed).
    /// </summary>
    public static OperationStatus ClassifyStatusRead(HttpStatusCode status, string? code, TimeSpan? retryAfter)
    {
        var reason = Reason(status, code);
        if (status == HttpStatusCode.NotFound)
        {
            return new OperationStatus(OperationState.Failed, EmailNotificationStatus.Failed, $"ACS knows no such operation: {reason}");
        }

        return IsThrottled(status, code)
            ? new OperationStatus(OperationState.Throttled, Reason: reason, RetryAfter: retryAfter ?? RetryAfterParser.Default)
            : new OperationStatus(OperationState.Unknown, Reason: reason, RetryAfter: retryAfter);
    }

    /// <summary>An operation that ended <c>Failed</c> or <c>Canceled</c>, with the error ACS gave for it, if any.</summary>
    public static OperationStatus FailedOperation(string operationStatus, string? code, string? message) =>
        new(OperationState.Failed, FailureStatus(code, message), $"ACS operation {operationStatus} ({code ?? "no error code"})");

    public static bool IsThrottled(HttpStatusCode status, string? code) =>
        status == HttpStatusCode.TooManyRequests || string.Equals(code, TooManyRequests, StringComparison.OrdinalIgnoreCase);

    /// <summary>5xx, and 408 which is a timeout by another name.</summary>
    public static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.RequestTimeout;

    public static string Reason(HttpStatusCode status, string? code) => $"ACS answered HTTP {(int)status} ({code ?? "no error code"})";
}
