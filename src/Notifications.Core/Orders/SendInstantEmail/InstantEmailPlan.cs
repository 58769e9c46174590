using Notifications.Core.Dispatch;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.SendInstantEmail;

/// <summary>
/// What an instant email request becomes: a chain, its one shipment (type Instant) and the email, with ids derived from
/// the creator and the idempotency id. A retry (after a 503, a timeout, or concurrently) therefore hands the provider
/// the same notification id — the ACS Operation-Id, the SMTP Message-ID, the Pickup file name.
/// </summary>
public sealed record InstantEmailPlan(OrderChain Chain, NotificationOrder Order, EmailClaim Claim)
{
    public static InstantEmailPlan Create(SendInstantEmailCommand command, string requestHash, EmailDefaults emailDefaults, DateTimeOffset now)
    {
        var idempotencyId = command.IdempotencyId!;
        var email = command.RecipientEmail!;
        var settings = email.EmailSettings!;
        var chain = new OrderChain
        {
            Id = IdOf("chain", command.Creator, idempotencyId),
            Creator = command.Creator,
            IdempotencyId = idempotencyId,
            RequestHash = requestHash,
            SendersReference = command.SendersReference,
            Created = now,
        };
        var template = new EmailTemplate(emailDefaults.SenderOr(settings.SenderEmailAddress), settings.Subject!, settings.Body!, settings.ContentType);
        var order = new NotificationOrder
        {
            Id = IdOf("shipment", command.Creator, idempotencyId),
            Creator = command.Creator,
            Created = now,
            ChainId = chain.Id,
            Type = ShipmentType.Instant,
            SendersReference = command.SendersReference,
            RequestedSendTime = now,
            Recipients = [new Recipient(EmailAddress: email.EmailAddress)],
            EmailTemplate = template,
            ProcessingStatus = OrderProcessingStatus.Processing,
            ProcessingStatusChanged = now,
        };
        // As the dispatch path would have claimed it: a first attempt, so the provider need not look for an earlier send.
        var claim = new EmailClaim(IdOf("email", command.Creator, idempotencyId), order.Id, Guid.Empty, 1, email.EmailAddress!, null, null, template)
        {
            RequestedSendTime = now,
        };
        return new InstantEmailPlan(chain, order, claim);
    }

    /// <summary>The email as stored after the provider accepted it (see <see cref="Dispatch.SendEmails.SendResults"/>).</summary>
    public SentInstantEmail Sent(SendResult result, DateTimeOffset now) => new(
        new EmailNotification(
            Claim.NotificationId, Order.Id, Claim.EmailAddress, null, null, null, result.Status, now, Order.RequestedSendTime + FanOut.TimeToLive),
        result.OperationId,
        result.NextAttemptAt ?? now);

    public ShipmentReceipt Receipt => new(Order.Id, Order.SendersReference);

    /// <summary>A v5 UUID per kind of id; the creator's length keeps ("a:b", "c") and ("a", "b:c") apart.</summary>
    public static Guid IdOf(string kind, string creator, string idempotencyId) =>
        DeterministicGuid.Create(DeterministicGuid.Namespace, $"instant-{kind}:{creator.Length}:{creator}:{idempotencyId}");
}
