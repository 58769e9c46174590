namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>Claims New emails and hands them to the provider, until none is ready.</summary>
public sealed record SendEmailsCommand : ICommand<int>;

/// <summary>
/// Sends ready emails batch after batch: unless the provider is paused on any host, claims a batch, keeps what the
/// per-minute budget allows (<see cref="SendBudget"/>), sends it (<see cref="BatchSender"/>), completes the orders it
/// finished, and when nothing more is ready wakes itself for the next email due or the end of a pause. On shutdown (the
/// token) nothing more is claimed; a batch in progress finishes its sends in flight and hands the rest back.
/// </summary>
public sealed class SendEmailsHandler(
    IEmailQueue emailQueue,
    IProviderGate gate,
    IEmailProvider provider,
    SendBudget budget,
    BatchSender sender,
    IOrderCompletion completion,
    IWorkSignal signal,
    IOptions<DispatchOptions> options,
    TimeProvider clock) : ICommandHandler<SendEmailsCommand, int>
{
    public async ValueTask<int> Handle(SendEmailsCommand command, CancellationToken cancellationToken)
    {
        var sent = 0;
        DateTimeOffset? throttledUntil = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested && throttledUntil is null)
            {
                if (await gate.GetPausedUntilAsync(provider.Name, clock.GetUtcNow(), cancellationToken) is { } paused)
                {
                    throttledUntil = paused;
                    break;
                }

                // Taken before the claim statement is sent, so the lease is never thought to last longer than it does.
                var claimedAt = clock.GetTimestamp();
                var claims = await emailQueue.ClaimEmailsAsync(
                    options.Value.EmailBatchSize, DispatchOptions.MaxTemplateBytesPerClaim, options.Value.Lease, cancellationToken);
                if (claims.Count == 0)
                {
                    break;
                }

                (claims, throttledUntil) = await budget.TakeAsync(claims, cancellationToken);
                var batch = await sender.SendAsync(claims, claimedAt, cancellationToken);
                throttledUntil ??= batch.PausedUntil;
                sent += claims.Count;
                await FinishBatchAsync(claims);
                if (batch.Stopped)
                {
                    // Results could not be written: the fallback poll tries again once the database answers.
                    return sent;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return sent;
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            await WakeWhenNextReadyAsync(throttledUntil, cancellationToken);
        }

        return sent;
    }

    private async Task FinishBatchAsync(IReadOnlyList<EmailClaim> claims)
    {
        if (provider.ReportsDelivery)
        {
            // The accepted emails' first status poll, unless a delivery report comes first.
            signal.WakeStatusPollAt(clock.GetUtcNow() + Backoff.FirstStatusPoll);
        }

        var orderIds = claims.Select(c => c.OrderId).Distinct().ToList();
        await completion.CompleteFinishedOrdersAsync(orderIds, !provider.ReportsDelivery, clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task WakeWhenNextReadyAsync(DateTimeOffset? throttledUntil, CancellationToken cancellationToken)
    {
        var next = throttledUntil ?? await emailQueue.GetNextEmailDueAsync(clock.GetUtcNow(), cancellationToken);
        if (next is { } readyAt)
        {
            signal.WakeEmailsAt(readyAt);
        }
    }
}
