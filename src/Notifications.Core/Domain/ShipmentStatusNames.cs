namespace Notifications.Core.Domain;

/// <summary>
/// How the future API names statuses (shipment reads, the status feed, webhooks): <c>Order_</c> + the order status, and
/// <c>Email_</c> + the email status except for two names Altinn spells differently there.
/// </summary>
public static class ShipmentStatusNames
{
    /// <summary>Email statuses whose future-API name is not <c>Email_</c> + the v1 name.</summary>
    public static IReadOnlyDictionary<EmailNotificationStatus, string> EmailRenames { get; } = new Dictionary<EmailNotificationStatus, string>
    {
        [EmailNotificationStatus.Failed_InvalidEmailFormat] = "Email_Failed_InvalidFormat",
        [EmailNotificationStatus.Failed_SupressedRecipient] = "Email_Failed_SuppressedRecipient",
    };

    public static string Of(OrderProcessingStatus status) => "Order_" + status;

    public static string Of(EmailNotificationStatus status) => EmailRenames.GetValueOrDefault(status) ?? "Email_" + status;
}
