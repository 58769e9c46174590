namespace Notifications.Core.Ports;

/// <summary>An email claimed for sending, with what is needed to personalise it.</summary>
public sealed record EmailClaim(
    Guid NotificationId,
    Guid OrderId,
    Guid ClaimToken,
    int Attempts,
    string EmailAddress,
    string? RecipientName,
    string? OrganizationNumber,
    EmailTemplate Template)
{
    /// <summary>The order's requested send time, for the due-to-sent latency metric.</summary>
    public DateTimeOffset? RequestedSendTime { get; init; }
}

/// <summary>How a claimed email left the provider.</summary>
/// <param name="NextAttemptAt">For a retry: when the email may be claimed again (status back to New).</param>
public sealed record SendResult(EmailClaim Claim, EmailNotificationStatus Status, string? OperationId = null, DateTimeOffset? NextAttemptAt = null);

/// <summary>
/// The queue of emails waiting to be handed to the provider. A claim is one statement with <c>FOR UPDATE SKIP LOCKED</c>
/// that flips the status and stamps a lease; every write after it checks the claim token, so a host that lost its
/// claim changes nothing.
/// </summary>
public interface IEmailQueue
{
    /// <summary>
    /// Claims up to <paramref name="batchSize"/> ready emails, taking from every creator that has some in turn, under one
    /// claim token and a lease on the database's clock. The templates loaded stay under <paramref name="maxTemplateBytes"/>:
    /// emails of orders beyond it are handed back at once (an order whose template alone is larger is claimed alone).
    /// </summary>
    Task<IReadOnlyList<EmailClaim>> ClaimEmailsAsync(int batchSize, long maxTemplateBytes, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease of those of <paramref name="notificationIds"/> still held under <paramref name="claimToken"/>
    /// (heartbeat); returns their ids. An id missing from the answer was finished or taken over: it must not be sent.
    /// </summary>
    Task<IReadOnlySet<Guid>> RenewEmailClaimsAsync(
        Guid claimToken, IReadOnlyCollection<Guid> notificationIds, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Hands claimed emails that were never given to the provider back to the queue (New, ready <paramref name="retryIn"/>
    /// from now), as if they had not been claimed: the attempt is not counted.
    /// </summary>
    Task ReleaseEmailClaimsAsync(IReadOnlyList<EmailClaim> claims, TimeSpan retryIn, CancellationToken cancellationToken);

    /// <summary>
    /// Records send results with one statement, each only while its claim is still ours, and applies any delivery report
    /// that arrived before the operation id was known.
    /// </summary>
    Task RecordSendResultsAsync(IReadOnlyList<SendResult> results, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The earliest time a New email may be sent, or null when none is waiting.</summary>
    Task<DateTimeOffset?> GetNextEmailDueAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
