using System.Text.Json;
using Notifications.Core.Ports;

namespace Notifications.Api.Contracts;

/// <summary>A webhook to subscribe.</summary>
/// <param name="Url">Where the caller's status feed entries are POSTed: absolute, https, on a public address.</param>
public sealed record WebhookRequestExt(string? Url);

/// <summary>A new webhook subscription, with the secret its deliveries are signed with (shown only here).</summary>
/// <param name="Secret"><c>whsec_</c> + base64 of 32 random bytes: the Standard Webhooks signing secret.</param>
public sealed record CreatedWebhookExt(Guid Id, string Url, string Secret, DateTime Created);

/// <summary>A webhook subscription (its secret is shown only when it is created).</summary>
public sealed record WebhookExt(Guid Id, string Url, DateTime Created);

public static class WebhookMappings
{
    public static WebhookExt ToExt(this WebhookSubscription subscription) =>
        new(subscription.Id, subscription.Url, subscription.Created.UtcDateTime);

    public static CreatedWebhookExt ToExt(this CreatedWebhook created) =>
        new(created.Subscription.Id, created.Subscription.Url, created.Secret, created.Subscription.Created.UtcDateTime);
}

/// <summary>
/// A webhook's body is the feed entry exactly as <c>GET /future/shipment/feed</c> returns it: <see cref="FeedEntryExt"/>
/// with the API's JSON settings.
/// </summary>
public sealed class WebhookBodyWriter(IOptions<JsonOptions> json) : IWebhookBodyWriter
{
    private readonly JsonSerializerOptions _options = json.Value.JsonSerializerOptions;

    public string Write(FeedEntry entry) => JsonSerializer.Serialize(entry.ToExt(), _options);
}
