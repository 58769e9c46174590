using Notifications.Core.Domain;

namespace Notifications.Core.Ports;

/// <summary>An order claimed for processing by one host; <see cref="ClaimToken"/> fences out a host whose lease ran out.</summary>
public sealed record OrderClaim(NotificationOrder Order, Guid ClaimToken, int ConditionAttempts, int LookupAttempts);

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

/// <summary>An accepted email whose provider operation is claimed for a status poll.</summary>
public sealed record OperationClaim(Guid NotificationId, Guid OrderId, Guid ClaimToken, string OperationId, int Polls);

/// <summary>How a claimed email left the provider.</summary>
/// <param name="NextAttemptAt">For a retry: when the email may be claimed again (status back to New).</param>
public sealed record SendResult(EmailClaim Claim, EmailNotificationStatus Status, string? OperationId = null, DateTimeOffset? NextAttemptAt = null);

/// <summary>
/// The dispatch side of the database: claims are single statements with <c>FOR UPDATE SKIP LOCKED</c> that flip the
/// status and stamp a lease, so any number of hosts can share the work without doing any of it twice.
/// </summary>
public interface IDispatchStore
{
    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due orders, taking from every creator that has some in turn, and stamps
    /// them with one claim token and a lease on the database's clock.
    /// </summary>
    Task<IReadOnlyList<OrderClaim>> ClaimDueOrdersAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the lease of every order still held under one of <paramref name="claimTokens"/> (heartbeat).</summary>
    Task RenewOrderClaimsAsync(IReadOnlyCollection<Guid> claimTokens, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: moves the claimed order to <paramref name="status"/> and inserts its notifications.
    /// Returns false, inserting nothing, when the claim was lost (lease expired and another host took the order).
    /// </summary>
    Task<bool> CompleteFanOutAsync(OrderClaim claim, IReadOnlyList<EmailNotification> notifications, OrderProcessingStatus status, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Puts a claimed order back to Registered, to be tried again <paramref name="retryIn"/> from now (database clock).</summary>
    Task ReleaseOrderAsync(OrderClaim claim, TimeSpan retryIn, int conditionAttempts, int lookupAttempts, CancellationToken cancellationToken);

    /// <summary>The earliest time a Registered order becomes due, or null when none is waiting.</summary>
    Task<DateTimeOffset?> GetNextOrderDueAsync(CancellationToken cancellationToken);

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

    /// <summary>Records send results with one statement, each only while its claim is still ours.</summary>
    Task RecordSendResultsAsync(IReadOnlyList<SendResult> results, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The earliest time a New email may be sent, or null when none is waiting.</summary>
    Task<DateTimeOffset?> GetNextEmailDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Moves Processed orders whose notifications are all final to Completed; null ids means every order.</summary>
    Task<int> CompleteFinishedOrdersAsync(IReadOnlyCollection<Guid>? orderIds, bool succeededIsFinal, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Returns claims whose lease ran out on the database's clock to the queue: orders to Registered, unsent emails to New.
    /// Work still in progress is never touched: its host renews the lease.
    /// </summary>
    Task<(int Orders, int Emails)> RecoverStaleClaimsAsync(CancellationToken cancellationToken);

    /// <summary>When the provider last told us to pause (429), if that pause is still running.</summary>
    Task<DateTimeOffset?> GetPausedUntilAsync(string provider, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Pauses all sending to the provider, on every host, until <paramref name="until"/> (never shortens a pause).</summary>
    Task PauseProviderAsync(string provider, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="wanted"/> sends from the provider's per-minute budget, shared by all hosts.
    /// Returns how many were granted, and when none were, when the next minute's budget opens.
    /// </summary>
    Task<(int Granted, DateTimeOffset? NextWindow)> ReserveSendBudgetAsync(
        string provider, int perMinute, int wanted, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Claims accepted emails (Sending with an operation id) whose next status poll is due.</summary>
    Task<IReadOnlyList<OperationClaim>> ClaimOperationsToPollAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records a poll: a new status (Succeeded or a Failed_*), or, when null, the time of the next poll.</summary>
    Task RecordOperationStatusAsync(OperationClaim claim, EmailNotificationStatus? status, DateTimeOffset nextPollAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Stores delivery reports not seen before (by event id) and applies each to the email with its message id when
    /// its delivery attempt is newer than the last one applied. Returns the number of new reports and the orders touched.
    /// </summary>
    Task<(int New, IReadOnlyList<Guid> OrderIds)> SaveDeliveryReportsAsync(
        IReadOnlyList<(DeliveryReport Report, EmailNotificationStatus? Status)> reports, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks emails that missed their 48-hour window Failed_TTL (with ACS also those awaiting a delivery report).</summary>
    Task<int> ExpireAsync(bool succeededAwaitsReport, CancellationToken cancellationToken);

    /// <summary>Forgets delivery reports that never matched an email after 48 hours, and idempotency keys older than <paramref name="keepKeys"/>.</summary>
    Task PurgeAsync(DateTimeOffset now, TimeSpan keepKeys, CancellationToken cancellationToken);

    /// <summary>When the next status poll of an accepted email is due (claimed ones excluded), or null when none awaits one.</summary>
    Task<DateTimeOffset?> GetNextOperationPollAsync(CancellationToken cancellationToken);
}
