namespace Notifications.Core.Webhooks.Subscriptions;

/// <summary><c>GET /future/webhooks/{id}</c>: one of the creator's subscriptions, without its secret.</summary>
public sealed record GetWebhookQuery(Guid Id, string Creator) : IQuery<WebhookSubscription>;

/// <summary>Another creator's subscription is not found, like an unknown one.</summary>
public sealed class GetWebhookHandler(IWebhookSubscriptions subscriptions) : IQueryHandler<GetWebhookQuery, WebhookSubscription>
{
    /// <summary>The detail of every webhook 404: unknown, another creator's, or not an id at all.</summary>
    public const string NotFound = "Webhook not found.";

    public async ValueTask<WebhookSubscription> Handle(GetWebhookQuery query, CancellationToken cancellationToken) =>
        await subscriptions.FindAsync(query.Id, query.Creator, cancellationToken) ?? throw new NotFoundException(NotFound);
}
