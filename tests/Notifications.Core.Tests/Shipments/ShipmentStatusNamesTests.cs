using Notifications.Core.Domain;

namespace Notifications.Core.Tests.Shipments;

public sealed class ShipmentStatusNamesTests
{
    [TestCase(EmailNotificationStatus.Succeeded, "Email_Succeeded")]
    [TestCase(EmailNotificationStatus.Failed_RecipientReserved, "Email_Failed_RecipientReserved")]
    [TestCase(EmailNotificationStatus.Failed_InvalidEmailFormat, "Email_Failed_InvalidFormat")]
    [TestCase(EmailNotificationStatus.Failed_SupressedRecipient, "Email_Failed_SuppressedRecipient")]
    public void Of_EmailStatus_IsAltinnsFutureName(EmailNotificationStatus status, string name) =>
        Assert.That(ShipmentStatusNames.Of(status), Is.EqualTo(name));

    [Test]
    public void Of_EveryOrderStatus_IsOrderAndItsName() =>
        Assert.That(Enum.GetValues<OrderProcessingStatus>().Select(ShipmentStatusNames.Of), Is.EqualTo(Enum.GetNames<OrderProcessingStatus>().Select(n => "Order_" + n)));
}
