namespace Notifications.Core.Ports;

/// <summary>What happened to one POST to a subscriber: a value, not an exception, because failing is expected.</summary>
/// <param name="Reason">Why it failed (a status, a timeout, a refused connection); never the URL's query.</param>
public sealed record WebhookSendResult(bool Delivered, string? Reason = null)
{
    public static readonly WebhookSendResult Success = new(true);

    public static WebhookSendResult Failed(string reason) => new(false, reason);
}

/// <summary>Pushes feed entries to subscribers, signed as Standard Webhooks (docs/webhooks.md).</summary>
public interface IWebhookSender
{
    /// <summary>One signed POST of <paramref name="body"/>; 2xx is delivered, anything else (a redirect too) failed.</summary>
    Task<WebhookSendResult> SendAsync(string url, string secret, long webhookId, string body, CancellationToken cancellationToken);
}

/// <summary>Vets subscriber URLs with the send condition's SSRF guard.</summary>
public interface IWebhookUrlGuard
{
    /// <summary>Null when <paramref name="url"/> may be subscribed; otherwise why not.</summary>
    Task<string?> RefusalAsync(string url, CancellationToken cancellationToken);
}

/// <summary>A feed entry as the feed endpoint returns it: the webhook body (the Api owns that contract).</summary>
public interface IWebhookBodyWriter
{
    string Write(FeedEntry entry);
}
