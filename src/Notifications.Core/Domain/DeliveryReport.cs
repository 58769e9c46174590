namespace Notifications.Core.Domain;

/// <summary>
/// One provider delivery report (ACS: an Event Grid <c>EmailDeliveryReportReceived</c> event). Reports arrive at least
/// once and in any order; <see cref="EventId"/> makes them idempotent and <see cref="DeliveryAttemptAt"/> orders them.
/// </summary>
/// <param name="MessageId">The provider's operation id of the send, which we store on the notification.</param>
/// <param name="Status">The provider's status, as an open string (Delivered, Bounced, Suppressed, ...).</param>
public sealed record DeliveryReport(string EventId, string MessageId, string Status, DateTimeOffset DeliveryAttemptAt, string? StatusMessage);

public static class DeliveryReportStatuses
{
    /// <summary>The notification status a report's status means; null for statuses that change nothing (Expanded, unknown).</summary>
    public static EmailNotificationStatus? ToNotificationStatus(string status) => status.Trim().ToLowerInvariant() switch
    {
        "delivered" => EmailNotificationStatus.Delivered,
        "bounced" => EmailNotificationStatus.Failed_Bounced,
        "suppressed" => EmailNotificationStatus.Failed_SupressedRecipient,
        "quarantined" => EmailNotificationStatus.Failed_Quarantined,
        "filteredspam" => EmailNotificationStatus.Failed_FilteredSpam,
        "failed" => EmailNotificationStatus.Failed,
        _ => null,
    };
}
