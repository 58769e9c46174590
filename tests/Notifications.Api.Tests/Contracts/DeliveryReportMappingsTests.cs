using Notifications.Api.Contracts;
using Notifications.Core.Domain;

namespace Notifications.Api.Tests.Contracts;

public sealed class DeliveryReportMappingsTests
{
    [TestCase("Delivered", EmailNotificationStatus.Delivered)]
    [TestCase("Bounced", EmailNotificationStatus.Failed_Bounced)]
    [TestCase("Suppressed", EmailNotificationStatus.Failed_SupressedRecipient)]
    [TestCase("Quarantined", EmailNotificationStatus.Failed_Quarantined)]
    [TestCase("FilteredSpam", EmailNotificationStatus.Failed_FilteredSpam)]
    [TestCase("Failed", EmailNotificationStatus.Failed)]
    [TestCase(" filteredspam ", EmailNotificationStatus.Failed_FilteredSpam)]
    [TestCase("DELIVERED", EmailNotificationStatus.Delivered)]
    public void ToNotificationStatus_WithAnAcsDeliveryStatus_IsItsEmailStatus(string status, EmailNotificationStatus expected)
    {
        Assert.That(DeliveryReportMappings.ToNotificationStatus(status), Is.EqualTo(expected));
    }

    [TestCase("Expanded")]
    [TestCase("SomethingNew")]
    [TestCase("")]
    public void ToNotificationStatus_WithAStatusThatChangesNothing_IsNull(string status)
    {
        Assert.That(DeliveryReportMappings.ToNotificationStatus(status), Is.Null);
    }
}
