using Notifications.Core.Orders.CreateOrderChain;
using Notifications.Core.Orders.Registration;

namespace Notifications.Api.Contracts;

/// <summary>The future API's contracts to Core's commands and back.</summary>
public static class FutureOrderMappings
{
    public static CreateOrderChainCommand ToCommand(this NotificationOrderChainRequestExt request, string creator) =>
        new(
            creator,
            request.IdempotencyId,
            request.Recipient?.ToInput(),
            request.SendersReference,
            request.RequestedSendTime,
            request.ConditionEndpoint,
            request.DialogportenAssociation is { } dialog ? new DialogportenInput(dialog.DialogId, dialog.TransmissionId) : null,
            // A null reminder is an empty one: the validator names what it lacks.
            request.Reminders?.Select(r => r is null
                ? new ReminderInput()
                : new ReminderInput(r.DelayDays, r.RequestedSendTime, r.SendersReference, r.ConditionEndpoint, r.Recipient?.ToInput())).ToList());

    private static ChainRecipientInput ToInput(this NotificationRecipientExt recipient) =>
        new(
            recipient.RecipientEmail is { } email ? new RecipientEmailInput(email.EmailAddress, email.EmailSettings?.ToInput()) : null,
            recipient.RecipientPerson is { } person
                ? new RecipientPersonInput(
                    person.NationalIdentityNumber, person.ChannelSchema?.ToInput(), person.EmailSettings?.ToInput(),
                    person.IgnoreReservation ?? false, person.ResourceId, person.ResourceAction)
                : null,
            recipient.RecipientOrganization is { } organization
                ? new RecipientOrganizationInput(
                    organization.OrgNumber, organization.ChannelSchema?.ToInput(), organization.EmailSettings?.ToInput(),
                    organization.ResourceId, organization.ResourceAction)
                : null,
            recipient.RecipientExternalIdentity is { } identity
                ? new RecipientExternalIdentityInput(identity.ExternalIdentity, identity.ChannelSchema?.ToInput(), identity.EmailSettings?.ToInput())
                : null,
            RecipientSms: recipient.RecipientSms is not null);

    public static EmailSettingsInput ToInput(this EmailSendingOptionsExt settings) =>
        new(
            settings.Subject,
            settings.Body,
            settings.ContentType == EmailContentTypeExt.Html ? EmailContentType.Html : EmailContentType.Plain,
            settings.SenderEmailAddress,
            settings.SendingTimePolicy == SendingTimePolicyExt.Daytime ? SendingTimePolicy.Daytime : SendingTimePolicy.Anytime);

    private static ChannelSchema ToInput(this NotificationChannelExt channel) => Enum.Parse<ChannelSchema>(channel.ToString());

    public static NotificationOrderChainResponseExt ToResponse(this CreateOrderChainResult result) =>
        new(result.ChainId, new NotificationOrderChainReceiptExt(
            result.Notification.ShipmentId,
            result.Notification.SendersReference,
            result.Reminders.Count == 0 ? null : result.Reminders.Select(r => new NotificationOrderChainShipmentExt(r.ShipmentId, r.SendersReference)).ToList()));

    public static OrderChainExt ToExt(this OrderChainView view) =>
        new(
            view.Chain.Id,
            view.Chain.IdempotencyId,
            view.Chain.SendersReference,
            view.Chain.DialogId is null && view.Chain.TransmissionId is null
                ? null
                : new DialogportenIdentifiersExt { DialogId = view.Chain.DialogId, TransmissionId = view.Chain.TransmissionId },
            view.Chain.Created.UtcDateTime,
            view.Shipments.Select(s => new OrderChainShipmentExt(
                s.Id, Enum.Parse<ShipmentTypeExt>(s.Type.ToString()), s.SendersReference, s.RequestedSendTime.UtcDateTime, ShipmentStatus(s.ProcessingStatus))).ToList());

    /// <summary>An order's status as the future API names it: <c>Order_</c> and the status, Processed included.</summary>
    public static string ShipmentStatus(OrderProcessingStatus status) => "Order_" + status;
}
