using Notifications.Core.Orders.CreateEmailOrder;
using Notifications.Core.Orders.Queries;

namespace Notifications.Api.Contracts;

/// <summary>Maps between the v1 contract and Core's commands and entities.</summary>
public static class OrderMappings
{
    public static CreateEmailOrderCommand ToCommand(this EmailNotificationOrderRequestExt request, string creator, string? idempotencyKey) =>
        new(
            creator,
            request.Subject,
            request.Body,
            request.Recipients?.Select(r => r is null ? null : new RecipientInput(r.EmailAddress, r.NationalIdentityNumber, r.OrganizationNumber, r.MobileNumber)).ToList(),
            request.ContentType == EmailContentTypeExt.Html ? EmailContentType.Html : EmailContentType.Plain,
            request.RequestedSendTime,
            request.SendersReference,
            request.ResourceId,
            request.IgnoreReservation ?? false,
            request.ConditionEndpoint,
            idempotencyKey);

    public static NotificationOrderRequestResponseExt ToResponse(this CreateEmailOrderResult result) =>
        new(result.OrderId, result.RecipientLookup?.ToExt());

    public static RecipientLookupResultExt ToExt(this RecipientLookupResult lookup) =>
        new(Enum.Parse<RecipientLookupResultStatusExt>(lookup.Status.ToString()), lookup.IsReserved, lookup.MissingContact);

    public static NotificationOrderExt ToExt(this NotificationOrder order, OrderLinks links)
    {
        var reserved = order.RecipientLookup?.IsReserved.ToHashSet() ?? [];
        return new NotificationOrderExt(order)
        {
            Recipients = order.Recipients.Select(r => new RecipientExt
            {
                EmailAddress = r.EmailAddress,
                NationalIdentityNumber = r.NationalIdentityNumber,
                OrganizationNumber = r.OrganizationNumber,
                IsReserved = r.NationalIdentityNumber is { } nin && reserved.Contains(nin) ? true : null,
            }).ToList(),
            EmailTemplate = new EmailTemplateExt(
                order.EmailTemplate.FromAddress,
                order.EmailTemplate.Subject,
                order.EmailTemplate.Body,
                order.EmailTemplate.ContentType == EmailContentType.Html ? EmailContentTypeExt.Html : EmailContentTypeExt.Plain),
            Links = new OrderLinksExt(links.Order(order.Id), links.Status(order.Id)),
        };
    }

    public static NotificationOrderWithStatusExt ToStatusExt(this OrderStatusView view, OrderLinks links) =>
        view.Order.ToStatusExt(view.EmailSummary is { } summary
            ? new EmailNotificationStatusSummaryExt(new SelfLinkExt(links.EmailNotifications(view.Order.Id)), summary.Generated, summary.Succeeded)
            : null);

    /// <summary>The list stays an async sequence: System.Text.Json writes each item as it is read (bounded memory).</summary>
    public static EmailNotificationSummaryExt ToExt(this EmailNotificationsView view) =>
        new(view.Order.Id, view.Order.SendersReference, view.Summary.Generated, view.Summary.Succeeded, view.Notifications.Select(n => new EmailNotificationWithResultExt(
            n.Id,
            n.Status.IsSucceeded(),
            new EmailRecipientExt(n.EmailAddress, n.OrganizationNumber, n.NationalIdentityNumber),
            new StatusExt(n.Status.ToString(), n.Status.Description(), n.StatusChanged.UtcDateTime))));

    public static NotificationOrderWithStatusExt ToStatusExt(this NotificationOrder order, EmailNotificationStatusSummaryExt? emailSummary = null) =>
        new(order)
        {
            ProcessingStatus = new StatusExt(order.ProcessingStatus.Public().ToString(), order.ProcessingStatus.Description(), order.ProcessingStatusChanged.UtcDateTime),
            NotificationsStatusSummary = emailSummary is null ? null : new NotificationsStatusSummaryExt(emailSummary),
        };
}
