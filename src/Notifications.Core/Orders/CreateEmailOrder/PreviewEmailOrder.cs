using Notifications.Core.Dispatch;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.CreateEmailOrder;

/// <summary>
/// What an order would send, without storing or sending anything: the same body as registration, carried whole so
/// that the same validator checks it under the same property paths.
/// </summary>
/// <param name="Order">Its <see cref="CreateEmailOrderCommand.IdempotencyKey"/> is null: nothing is stored, so nothing needs replaying.</param>
public sealed record PreviewEmailOrderCommand(CreateEmailOrderCommand Order) : IQuery<EmailOrderPreview>;

/// <param name="RecipientLookup">As registration would answer it; null when every recipient is an email address.</param>
/// <param name="Emails">The first <see cref="PreviewEmailOrderHandler.MaxEmails"/> emails, in fan-out order.</param>
/// <param name="TotalEmails">How many emails (notifications, failed ones included) fan-out would create now.</param>
public sealed record EmailOrderPreview(RecipientLookupResult? RecipientLookup, IReadOnlyList<EmailPreview> Emails, int TotalEmails);

/// <param name="Notification">As fan-out would create it: its address is null when it would not be sent.</param>
public sealed record EmailPreview(EmailNotification Notification, PersonalisedContent Content, EmailContentType ContentType);

/// <summary>
/// Runs the steps registration and processing run, on the same functions: <see cref="EmailOrderDraft"/>, the contact
/// lookup, <see cref="RecipientLookup.Summarise"/>, <see cref="FanOut.CreateNotifications"/> and
/// <see cref="Personalisation.Content"/>. The send condition is not asked: it answers for the moment the order is due,
/// and calling a creator's endpoint for a preview would be a side effect.
/// </summary>
public sealed class PreviewEmailOrderHandler(
    IContactRegistry contactRegistry,
    IOptions<EmailDefaults> emailDefaults,
    TimeProvider clock) : IQueryHandler<PreviewEmailOrderCommand, EmailOrderPreview>
{
    /// <summary>Enough to see each kind of recipient; an organisation with many addresses or 100,000 recipients stays small.</summary>
    public const int MaxEmails = 20;

    public async ValueTask<EmailOrderPreview> Handle(PreviewEmailOrderCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var recipients = EmailOrderDraft.RecipientsOf(command.Order);
        var order = EmailOrderDraft.From(command.Order, recipients, now, emailDefaults.Value.DefaultFromAddress);

        // One lookup serves both answers: the registration's summary and the processing's fan-out.
        var contacts = await contactRegistry.LookUpAsync(recipients, cancellationToken);
        var lookup = RecipientLookup.IsNeeded(recipients) ? RecipientLookup.Summarise(recipients, contacts, order.IgnoreReservation) : null;
        var notifications = FanOut.CreateNotifications(order, contacts, now);

        var emails = notifications
            .Take(MaxEmails)
            .Select(n => new EmailPreview(n, Personalisation.Content(order.EmailTemplate, n.RecipientName, n.OrganizationNumber), order.EmailTemplate.ContentType))
            .ToList();
        return new EmailOrderPreview(lookup, emails, notifications.Count);
    }
}
