using Notifications.Core.Orders.CreateEmailOrder;

namespace Notifications.Api.Contracts;

/// <summary>Maps the order preview between the v1 contract and Core.</summary>
public static class PreviewMappings
{
    /// <summary>The registration's command without an idempotency key: a preview stores nothing to replay.</summary>
    public static PreviewEmailOrderCommand ToPreviewCommand(this EmailNotificationOrderRequestExt request, string creator) =>
        new(request.ToCommand(creator, idempotencyKey: null));

    public static EmailOrderPreviewExt ToExt(this EmailOrderPreview preview) =>
        new(
            preview.RecipientLookup?.ToExt(),
            preview.Emails.Select(e => new EmailPreviewExt(
                new EmailRecipientExt(e.Notification.EmailAddress, e.Notification.OrganizationNumber, e.Notification.NationalIdentityNumber),
                e.Notification.EmailAddress,
                e.Content.Subject,
                e.Content.Body,
                e.ContentType == EmailContentType.Html ? EmailContentTypeExt.Html : EmailContentTypeExt.Plain,
                e.Notification.Status.ToString())).ToList(),
            preview.TotalEmails);
}
