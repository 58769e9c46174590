using System.Collections.Concurrent;

namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>Claims New emails and hands them to the provider, until none is ready.</summary>
public sealed record SendEmailsCommand : ICommand<int>;

/// <summary>
/// Sends claimed emails with bounded concurrency: each of <see cref="DispatchOptions.SendConcurrency"/> workers holds
/// one provider session (one SMTP connection) and takes emails from the batch until it is empty. Every result is
/// handed to a <see cref="SendResultWriter"/> as soon as the provider answers, which stores the results that arrive
/// together with one statement, so a crash loses at most the sends in flight and the last few milliseconds' results.
/// A <see cref="ClaimHeartbeat"/> keeps the batch's lease alive however slow the provider is, and no email is handed to
/// the provider unless its claim is certainly still ours. On shutdown (the token) no further email is started: the
/// sends in flight finish, their results are written, and the rest of the batch is handed back at once.
/// </summary>
public sealed class SendEmailsHandler(
    IEmailQueue emailQueue,
    IProviderGate gate,
    IOrderCompletion completion,
    IEmailProvider provider,
    IWorkSignal signal,
    IOptions<DispatchOptions> options,
    TimeProvider clock,
    ILogger<SendEmailsHandler> logger,
    NotificationsMetrics metrics) : ICommandHandler<SendEmailsCommand, int>
{
    private sealed record BatchOutcome(DateTimeOffset? PausedUntil, bool Stopped);

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

                var claimedAt = clock.GetTimestamp();
                var claims = await emailQueue.ClaimEmailsAsync(
                    options.Value.EmailBatchSize, DispatchOptions.MaxTemplateBytesPerClaim, options.Value.Lease, cancellationToken);
                if (claims.Count == 0)
                {
                    break;
                }

                (claims, throttledUntil) = await TakeBudgetAsync(claims, cancellationToken);
                var batch = await SendBatchAsync(claims, claimedAt, cancellationToken);
                throttledUntil ??= batch.PausedUntil;
                if (provider.ReportsDelivery)
                {
                    // The accepted emails' first status poll, unless a delivery report comes first.
                    signal.WakeStatusPollAt(clock.GetUtcNow() + SendResults.FirstStatusPoll);
                }

                sent += claims.Count;
                var orderIds = claims.Select(c => c.OrderId).Distinct().ToList();
                await completion.CompleteFinishedOrdersAsync(orderIds, !provider.ReportsDelivery, clock.GetUtcNow(), CancellationToken.None);
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

        if (cancellationToken.IsCancellationRequested)
        {
            return sent;
        }

        var next = throttledUntil ?? await emailQueue.GetNextEmailDueAsync(clock.GetUtcNow(), cancellationToken);
        if (next is { } readyAt)
        {
            signal.WakeEmailsAt(readyAt);
        }

        return sent;
    }

    /// <summary>
    /// With a per-minute send limit (small ACS quotas), keeps the claims the shared budget allows and puts the rest back
    /// until the next minute opens.
    /// </summary>
    private async Task<(IReadOnlyList<EmailClaim> Allowed, DateTimeOffset? NextWindow)> TakeBudgetAsync(
        IReadOnlyList<EmailClaim> claims, CancellationToken cancellationToken)
    {
        if (provider.SendsPerMinute is not { } perMinute)
        {
            return (claims, null);
        }

        var (granted, nextWindow) = await gate.ReserveSendBudgetAsync(provider.Name, perMinute, claims.Count, clock.GetUtcNow(), cancellationToken);
        if (granted >= claims.Count)
        {
            return (claims, null);
        }

        var retryAt = nextWindow ?? clock.GetUtcNow().AddMinutes(1);
        await emailQueue.ReleaseEmailClaimsAsync(claims.Skip(granted).ToList(), Until(retryAt), cancellationToken);
        return (claims.Take(granted).ToList(), retryAt);
    }

    private async Task<BatchOutcome> SendBatchAsync(IReadOnlyList<EmailClaim> claims, long claimedAt, CancellationToken stopping)
    {
        var queue = new ConcurrentQueue<EmailClaim>(claims);
        var putBack = new ConcurrentQueue<EmailClaim>();
        // Shared by the workers: UTC ticks until which the provider asked us to pause, 0 while not throttled.
        long pausedUntilTicks = 0;
        DateTimeOffset? PausedUntil() => Interlocked.Read(ref pausedUntilTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

        var ids = claims.Select(c => c.NotificationId).ToArray();
        IReadOnlySet<Guid> held = ids.ToHashSet();
        await using var heartbeat = new ClaimHeartbeat(options.Value.Lease, claimedAt, async ct =>
            Volatile.Write(ref held, await emailQueue.RenewEmailClaimsAsync(claims[0].ClaimToken, ids, options.Value.Lease, ct)), clock, logger);
        var results = new SendResultWriter(emailQueue, clock, logger);
        var lost = 0;

        async Task WorkAsync()
        {
            await using var session = await provider.OpenSessionAsync(stopping);
            while (!stopping.IsCancellationRequested && !results.Faulted && queue.TryDequeue(out var claim))
            {
                if (PausedUntil() is not null)
                {
                    // Throttled: the rest of the batch waits, uncounted, for the pause to end.
                    putBack.Enqueue(claim);
                    continue;
                }

                if (!heartbeat.IsHeld || !Volatile.Read(ref held).Contains(claim.NotificationId))
                {
                    // The lease may have run out or another host took the email over: sending it could send it twice.
                    Interlocked.Increment(ref lost);
                    continue;
                }

                // Not cancelled by shutdown: a send that started finishes (bounded by the provider's timeout) and is recorded.
                var outcome = await SendOneAsync(session, claim);
                metrics.SendOutcome(outcome, claim.RequestedSendTime, provider.ReportsDelivery);
                if (outcome.Kind == SendOutcomeKind.Throttled)
                {
                    var until = clock.GetUtcNow() + (outcome.RetryAfter ?? TimeSpan.FromSeconds(60));
                    Interlocked.Exchange(ref pausedUntilTicks, until.UtcTicks);
                    logger.LogWarning("Email provider throttled sending until {Until}: {Reason}", until, outcome.Reason);
                    await gate.PauseProviderAsync(provider.Name, until, CancellationToken.None);
                }

                results.Add(SendResults.For(claim, outcome, provider.ReportsDelivery, PausedUntil(), clock.GetUtcNow()));
            }
        }

        var workers = Enumerable.Range(0, Math.Min(options.Value.SendConcurrency, claims.Count)).Select(_ => Task.Run(async () =>
        {
            try
            {
                await WorkAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                // The emails this worker did not take are handed back below.
                logger.LogWarning(e, "A send worker stopped");
            }
            catch (OperationCanceledException)
            {
                // Shutdown while opening a session.
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(workers);

        var stopped = false;
        try
        {
            // Every result the workers got is stored before the batch counts as done.
            await results.CompleteAsync();
        }
        catch (Exception e)
        {
            stopped = true;
            logger.LogError(e, "Send results could not be recorded; the batch stopped and its unsent emails are handed back");
        }

        if (lost > 0)
        {
            logger.LogWarning("{Count} claimed emails were not sent: their claim could no longer be trusted", lost);
        }

        await HandBackAsync([.. queue], TimeSpan.Zero);
        await HandBackAsync([.. putBack], PausedUntil() is { } pause ? Until(pause) : TimeSpan.Zero);
        return new BatchOutcome(PausedUntil(), stopped || results.Faulted);
    }

    /// <summary>Gives unsent claims back at once, so this or another host sends them without waiting for the lease.</summary>
    private async Task HandBackAsync(IReadOnlyList<EmailClaim> unsent, TimeSpan retryIn)
    {
        try
        {
            await emailQueue.ReleaseEmailClaimsAsync(unsent, retryIn, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not hand {Count} unsent emails back; they are retried when their lease runs out", unsent.Count);
        }
    }

    private TimeSpan Until(DateTimeOffset time) => time - clock.GetUtcNow() is { Ticks: > 0 } delay ? delay : TimeSpan.Zero;

    private async Task<SendOutcome> SendOneAsync(IEmailSession session, EmailClaim claim)
    {
        try
        {
            return await session.SendAsync(Personalisation.Personalise(claim), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Sending notification {NotificationId} failed unexpectedly", claim.NotificationId);
            return SendOutcome.Transient(e.GetType().Name);
        }
    }
}
