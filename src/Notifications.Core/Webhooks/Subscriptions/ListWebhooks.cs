namespace Notifications.Core.Webhooks.Subscriptions;

/// <summary><c>GET /future/webhooks</c>: the creator's subscriptions, without their secrets.</summary>
public sealed record ListWebhooksQuery(string Creator) : IQuery<IReadOnlyList<WebhookSubscription>>;

public sealed class ListWebhooksHandler(IWebhookSubscriptions subscriptions) : IQueryHandler<ListWebhooksQuery, IReadOnlyList<WebhookSubscription>>
{
    public async ValueTask<IReadOnlyList<WebhookSubscription>> Handle(ListWebhooksQuery query, CancellationToken cancellationToken) =>
        await subscriptions.ListAsync(query.Creator, cancellationToken);
}

/// <summary><c>DELETE /future/webhooks/{id}</c>: another creator's subscription is not found, like an unknown one.</summary>
public sealed record DeleteWebhookCommand(Guid Id, string Creator) : ICommand;

public sealed class DeleteWebhookHandler(IWebhookSubscriptions subscriptions) : ICommandHandler<DeleteWebhookCommand>
{
    public async ValueTask<Unit> Handle(DeleteWebhookCommand command, CancellationToken cancellationToken) =>
        await subscriptions.DeleteAsync(command.Id, command.Creator, cancellationToken)
            ? Unit.Value
            : throw new NotFoundException(GetWebhookHandler.NotFound);
}
