using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.CreateOrderChain;

/// <summary>How a validated chain request becomes orders: one per shipment, main shipment first, reminders in request order.</summary>
public static class ChainShipments
{
    /// <summary>The only external identity reachable by email: an ID-porten login by email address.</summary>
    public const string IdportenEmailPrefix = "urn:altinn:person:idporten-email:";

    /// <summary>
    /// The chain's shipments. A reminder's <c>delayDays</c> counts from the main shipment's requested send time (the
    /// registration time when none was given). Ids are UUIDv7 handed out in ascending order, so reading a chain's
    /// shipments by id gives them back in request order.
    /// </summary>
    public static IReadOnlyList<NotificationOrder> Plan(CreateOrderChainCommand command, Guid chainId, EmailDefaults emailDefaults, DateTimeOffset now)
    {
        var reminders = command.Reminders ?? [];
        var ids = Enumerable.Range(0, reminders.Count + 1).Select(_ => Guid.CreateVersion7(now)).OrderBy(id => id.ToString()).ToList();
        var mainSendTime = At(command.RequestedSendTime) ?? now;
        var shipments = new List<NotificationOrder>(ids.Count)
        {
            Shipment(ids[0], ShipmentType.Notification, command.Recipient!, command.SendersReference, mainSendTime, command.ConditionEndpoint),
        };
        for (var i = 0; i < reminders.Count; i++)
        {
            var reminder = reminders[i];
            var sendTime = reminder.DelayDays is { } days ? mainSendTime + TimeSpan.FromDays(days) : At(reminder.RequestedSendTime)!.Value;
            shipments.Add(Shipment(ids[i + 1], ShipmentType.Reminder, reminder.Recipient!, reminder.SendersReference, sendTime, reminder.ConditionEndpoint));
        }

        return shipments;

        NotificationOrder Shipment(Guid id, ShipmentType type, ChainRecipientInput recipient, string? sendersReference, DateTimeOffset sendTime, string? conditionEndpoint)
        {
            var (to, settings, ignoreReservation, resourceId) = Resolve(recipient);
            return new NotificationOrder
            {
                Id = id,
                Creator = command.Creator,
                Created = now,
                ChainId = chainId,
                Type = type,
                SendersReference = sendersReference,
                RequestedSendTime = sendTime,
                IgnoreReservation = ignoreReservation,
                ResourceId = resourceId,
                ConditionEndpoint = conditionEndpoint is null ? null : new Uri(conditionEndpoint),
                Recipients = [to],
                EmailTemplate = new EmailTemplate(emailDefaults.SenderOr(settings.SenderEmailAddress), settings.Subject!, settings.Body!, settings.ContentType),
                ProcessingStatus = OrderProcessingStatus.Registered,
                ProcessingStatusChanged = now,
            };
        }
    }

    /// <summary>The 201's and the replay's answer: the main shipment, then the reminders in id (request) order.</summary>
    public static CreateOrderChainResult Receipt(Guid chainId, IReadOnlyList<NotificationOrder> shipments, bool replayed)
    {
        var main = shipments.First(s => s.Type != ShipmentType.Reminder);
        var reminders = shipments.Where(s => s.Type == ShipmentType.Reminder).OrderBy(s => s.Id.ToString())
            .Select(s => new ShipmentReceipt(s.Id, s.SendersReference))
            .ToList();
        return new CreateOrderChainResult(chainId, new ShipmentReceipt(main.Id, main.SendersReference), reminders, replayed);
    }

    /// <summary>The one recipient a validated <see cref="ChainRecipientInput"/> holds, with its email settings.</summary>
    private static (Recipient To, EmailSettingsInput Settings, bool IgnoreReservation, string? ResourceId) Resolve(ChainRecipientInput recipient) =>
        recipient switch
        {
            { RecipientEmail: { } email } => (new Recipient(EmailAddress: email.EmailAddress), email.EmailSettings!, false, null),
            { RecipientPerson: { } person } => (
                new Recipient(NationalIdentityNumber: person.NationalIdentityNumber), person.EmailSettings!, person.IgnoreReservation, person.ResourceId),
            { RecipientOrganization: { } organization } => (
                new Recipient(OrganizationNumber: organization.OrgNumber), organization.EmailSettings!, false, organization.ResourceId),
            { RecipientExternalIdentity: { } identity } => (
                new Recipient(EmailAddress: IdportenEmailAddress(identity.ExternalIdentity)), identity.EmailSettings!, false, null),
            _ => throw new ArgumentException("The recipient holds none of the email recipient kinds.", nameof(recipient)),
        };

    /// <summary>The address in an <c>urn:altinn:person:idporten-email:{address}</c> identity; null for any other URN.</summary>
    public static string? IdportenEmailAddress(string? externalIdentity) =>
        externalIdentity is not null && externalIdentity.StartsWith(IdportenEmailPrefix, StringComparison.OrdinalIgnoreCase)
            ? externalIdentity[IdportenEmailPrefix.Length..]
            : null;

    private static DateTimeOffset? At(DateTime? time) => time is { } t ? new DateTimeOffset(t.ToUniversalTime()) : null;
}
