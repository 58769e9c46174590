using Notifications.Core.Dispatch;

namespace Notifications.Core.Webhooks.Deliver;

/// <summary>Pushes new status feed entries to the subscriptions that are due (docs/webhooks.md). Returns entries delivered.</summary>
public sealed record DeliverWebhooksCommand : ICommand<int>;

/// <summary>
/// Claims due subscriptions and delivers to several at once (<see cref="WebhookOptions.Concurrency"/>), each one's entries
/// one at a time in sequence order by <see cref="SubscriptionDelivery"/>. A run claims again while its batch came back full.
/// </summary>
public sealed class DeliverWebhooksHandler(
    IWebhookQueue queue, SubscriptionDelivery delivery, IOptions<WebhookOptions> options, IOptions<DispatchOptions> dispatch, TimeProvider clock)
    : ICommandHandler<DeliverWebhooksCommand, int>
{
    public async ValueTask<int> Handle(DeliverWebhooksCommand command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var lease = dispatch.Value.Lease;
        var delivered = 0;
        IReadOnlyList<WebhookClaim> claims;
        do
        {
            var claimedAt = clock.GetTimestamp();
            claims = await queue.ClaimDueAsync(settings.ClaimBatchSize, lease, cancellationToken);
            await Parallel.ForEachAsync(
                claims,
                new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                async (claim, token) => Interlocked.Add(ref delivered, await delivery.DeliverAsync(claim, lease, claimedAt, token)));
        }
        while (claims.Count == settings.ClaimBatchSize && !cancellationToken.IsCancellationRequested);

        return delivered;
    }
}
