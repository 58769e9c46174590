namespace Notifications.Core.Ports;

/// <summary>The creators' webhook subscriptions (docs/webhooks.md). Every call is scoped to one creator.</summary>
public interface IWebhookSubscriptions
{
    /// <summary>
    /// Stores a subscription that starts after the feed's newest numbered entry, unless the creator already has
    /// <paramref name="maxPerCreator"/>; then returns null. The count and the insert are one transaction per creator.
    /// </summary>
    Task<WebhookSubscription?> AddAsync(string creator, string url, string secret, int maxPerCreator, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookSubscription>> ListAsync(string creator, CancellationToken cancellationToken);

    /// <summary>Null when the creator has no such subscription.</summary>
    Task<WebhookSubscription?> FindAsync(Guid id, string creator, CancellationToken cancellationToken);

    /// <summary>False when the creator has no such subscription.</summary>
    Task<bool> DeleteAsync(Guid id, string creator, CancellationToken cancellationToken);
}
