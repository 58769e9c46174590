namespace Notifications.Core.Ports;

/// <summary>Delivery reports pushed by the provider (ACS through Event Grid), stored once and applied to their emails.</summary>
public interface IDeliveryReportStore
{
    /// <summary>
    /// Stores delivery reports not seen before (by event id) and applies each to the email with its message id when
    /// its delivery attempt is newer than the last one applied. Returns the number of new reports and the orders touched.
    /// </summary>
    Task<(int New, IReadOnlyList<Guid> OrderIds)> SaveDeliveryReportsAsync(
        IReadOnlyList<(DeliveryReport Report, EmailNotificationStatus? Status)> reports, DateTimeOffset now, CancellationToken cancellationToken);
}
