using Notifications.Core.Dispatch;

namespace Notifications.Core.Webhooks.Deliver;

/// <summary>Pushes new status feed entries to the subscriptions that are due (docs/webhooks.md). Returns entries delivered.</summary>
public sealed record DeliverWebhooksCommand : ICommand<int>;

/// <summary>
/// Claims due subscriptions and delivers to several at once (<see cref="WebhookOptions.Concurrency"/>), each one's entries
/// one at a time in sequence order by <see cref="SubscriptionDelivery"/>. A run claims again while its batch came back
/// full, or while a subscription had a full page to deliver (a busy subscriber is not held to a page per poll).
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
        bool morePages;
        do
        {
            var claimedAt = clock.GetTimestamp();
            claims = await queue.ClaimDueAsync(settings.ClaimBatchSize, lease, cancellationToken);
            var fullPages = 0;
            await Parallel.ForEachAsync(
                claims,
                new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                async (claim, token) =>
                {
                    var sent = await delivery.DeliverAsync(claim, lease, claimedAt, token);
                    Interlocked.Add(ref delivered, sent);
                    if (sent == settings.EntriesPerClaim)
                    {
                        Interlocked.Increment(ref fullPages);
                    }
                });
            morePages = fullPages > 0;
        }
        while ((claims.Count == settings.ClaimBatchSize || morePages) && !cancellationToken.IsCancellationRequested);

        return delivered;
    }
}
