using Notifications.Core.Orders.Registration;
using Notifications.Core.Orders.SendInstantEmail;

namespace Notifications.Api.Contracts;

/// <summary>One email, sent through the email provider before the request is answered.</summary>
public sealed class InstantEmailNotificationOrderRequestExt
{
    /// <summary>Makes retries safe: the same id from the same creator answers with the first order, and never sends twice. At most 255 characters.</summary>
    public string? IdempotencyId { get; set; }

    /// <summary>The creator's own reference for the order, e.g. a case number. At most 100 characters.</summary>
    public string? SendersReference { get; set; }

    /// <summary>The recipient's address and the email to send.</summary>
    public InstantEmailRecipientExt? RecipientEmail { get; set; }
}

/// <summary>The recipient's address and the email to send.</summary>
public sealed class InstantEmailRecipientExt
{
    public string? EmailAddress { get; set; }

    public InstantEmailSettingsExt? EmailSettings { get; set; }
}

/// <summary>What to send.</summary>
public sealed class InstantEmailSettingsExt
{
    public string? Subject { get; set; }

    /// <summary>The body in plain text or HTML.</summary>
    public string? Body { get; set; }

    /// <summary>Plain (default) or Html.</summary>
    public EmailContentTypeExt? ContentType { get; set; }

    /// <summary>The sender; default: the service's configured sender address.</summary>
    public string? SenderEmailAddress { get; set; }
}

/// <summary>The order chain the instant email was stored as, and its one shipment.</summary>
/// <param name="NotificationOrderId">The order chain's id: <c>GET /future/orders/{notificationOrderId}</c>.</param>
/// <param name="Notification">The shipment that carried the email.</param>
public sealed record InstantNotificationOrderResponseExt(Guid NotificationOrderId, InstantShipmentExt Notification);

/// <param name="ShipmentId">The shipment's id: <c>GET /future/shipment/{shipmentId}</c>.</param>
/// <param name="SendersReference">The creator's reference, when one was given.</param>
public sealed record InstantShipmentExt(Guid ShipmentId, string? SendersReference);

/// <summary>Maps between the instant email contract and Core's command.</summary>
public static class InstantEmailMappings
{
    public static SendInstantEmailCommand ToCommand(this InstantEmailNotificationOrderRequestExt request, string creator) =>
        new(creator, request.IdempotencyId, request.SendersReference, request.RecipientEmail is { } email
            ? new RecipientEmailInput(email.EmailAddress, email.EmailSettings is { } settings
                ? new EmailSettingsInput(
                    settings.Subject,
                    settings.Body,
                    settings.ContentType == EmailContentTypeExt.Html ? EmailContentType.Html : EmailContentType.Plain,
                    settings.SenderEmailAddress)
                : null)
            : null);

    public static InstantNotificationOrderResponseExt ToResponse(this SendInstantEmailResult result) =>
        new(result.ChainId, new InstantShipmentExt(result.Notification.ShipmentId, result.Notification.SendersReference));
}
