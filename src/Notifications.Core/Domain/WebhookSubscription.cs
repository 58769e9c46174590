namespace Notifications.Core.Domain;

/// <summary>A creator's webhook: its status feed entries are POSTed to <see cref="Url"/> (docs/webhooks.md).</summary>
public sealed record WebhookSubscription(Guid Id, string Url, DateTimeOffset Created);

/// <summary>A new subscription with its signing secret, which is shown once, when it is created.</summary>
public sealed record CreatedWebhook(WebhookSubscription Subscription, string Secret);
