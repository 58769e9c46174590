namespace Notifications.Persistence;

/// <summary>
/// Core's order and email statuses and email status sets as SQL literals, for <c>status IN (...)</c> in statements and index filters. Constants, so
/// statements stay constant strings and EF sees the same index filter text its migrations hold; a test pins each to its
/// set, so a status added to the domain cannot be missed here.
/// </summary>
public static class StatusSql
{
    /// <summary><see cref="EmailNotificationStatusExtensions.Unsent"/>: the queue, never final.</summary>
    public const string Unsent = "'New', 'Sending'";

    /// <summary><see cref="EmailNotificationStatusExtensions.AwaitingDeliveryReport"/>: final only without delivery reports.</summary>
    public const string AwaitingDeliveryReport = "'Succeeded'";

    /// <summary>The status of an email that is waiting to be claimed for sending.</summary>
    public const string New = "'" + nameof(EmailNotificationStatus.New) + "'";

    /// <summary>The status of an email handed to (or awaiting the answer of) the provider.</summary>
    public const string Sending = "'" + nameof(EmailNotificationStatus.Sending) + "'";

    /// <summary>The status of an email not sent or confirmed within <c>FanOut.TimeToLive</c>.</summary>
    public const string Expired = "'" + nameof(EmailNotificationStatus.Failed_TTL) + "'";

    /// <summary>An order waiting for its send time (or its next retry).</summary>
    public const string Registered = "'" + nameof(OrderProcessingStatus.Registered) + "'";

    /// <summary>An order claimed by a host that is fanning it out.</summary>
    public const string Processing = "'" + nameof(OrderProcessingStatus.Processing) + "'";

    /// <summary>An order whose emails exist, not all final.</summary>
    public const string Processed = "'" + nameof(OrderProcessingStatus.Processed) + "'";

    /// <summary>An order whose every email is final.</summary>
    public const string Completed = "'" + nameof(OrderProcessingStatus.Completed) + "'";

    /// <summary>An order whose send condition said no.</summary>
    public const string SendConditionNotMet = "'" + nameof(OrderProcessingStatus.SendConditionNotMet) + "'";

    /// <summary>An order cancelled by its creator.</summary>
    public const string Cancelled = "'" + nameof(OrderProcessingStatus.Cancelled) + "'";
}
