namespace Notifications.Core.Domain;

/// <summary>
/// One provider delivery report (ACS: an Event Grid <c>EmailDeliveryReportReceived</c> event). Reports arrive at least
/// once and in any order; <see cref="EventId"/> makes them idempotent and <see cref="DeliveryAttemptAt"/> orders them.
/// </summary>
/// <param name="MessageId">The provider's operation id of the send, which we store on the notification.</param>
/// <param name="Status">The provider's status, as an open string, kept as received.</param>
/// <param name="NotificationStatus">
/// What <paramref name="Status"/> means for the email, decided by whoever reads the provider's vocabulary; null for
/// statuses that change nothing.
/// </param>
public sealed record DeliveryReport(
    string EventId,
    string MessageId,
    string Status,
    DateTimeOffset DeliveryAttemptAt,
    string? StatusMessage,
    EmailNotificationStatus? NotificationStatus);
