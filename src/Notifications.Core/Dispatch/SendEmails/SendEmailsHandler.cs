using System.Collections.Concurrent;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Domain;
using Notifications.Core.Metrics;
using Notifications.Core.Ports;

namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>
/// Sends claimed emails with bounded concurrency: each of <see cref="DispatchOptions.SendConcurrency"/> workers holds
/// one provider session (one SMTP connection) and takes emails from the batch until it is empty. Every result is
/// handed to a <see cref="SendResultWriter"/> as soon as the provider answers, which stores the results that arrive
/// together with one statement, so a crash loses at most the sends in flight and the last few milliseconds' results.
/// </summary>
public sealed class SendEmailsHandler(
    IDispatchStore store,
    IEmailProvider provider,
    IWorkSignal signal,
    IOptions<DispatchOptions> options,
    TimeProvider clock,
    ILogger<SendEmailsHandler> logger,
    NotificationsMetrics? metrics = null) : ICommandHandler<SendEmailsCommand, int>
{
    private static readonly TimeSpan RetryFirst = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryMax = TimeSpan.FromMinutes(10);

    /// <summary>An accepted email's operation is first polled after this; a delivery report usually comes sooner.</summary>
    private static readonly TimeSpan FirstStatusPoll = TimeSpan.FromSeconds(5);

    public async ValueTask<int> Handle(SendEmailsCommand command, CancellationToken cancellationToken)
    {
        var sent = 0;
        DateTimeOffset? throttledUntil = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested && throttledUntil is null)
            {
                if (await store.GetPausedUntilAsync(provider.Name, clock.GetUtcNow(), cancellationToken) is { } paused)
                {
                    throttledUntil = paused;
                    break;
                }

                var claims = await store.ClaimEmailsAsync(options.Value.EmailBatchSize, options.Value.Lease, clock.GetUtcNow(), cancellationToken);
                if (claims.Count == 0)
                {
                    break;
                }

                (claims, throttledUntil) = await TakeBudgetAsync(claims, cancellationToken);
                var pausedBySend = await SendBatchAsync(claims, cancellationToken);
                throttledUntil ??= pausedBySend;
                sent += claims.Count;
                var orderIds = claims.Select(c => c.OrderId).Distinct().ToList();
                await store.CompleteFinishedOrdersAsync(orderIds, !provider.ReportsDelivery, clock.GetUtcNow(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: emails in flight keep their lease and are recovered by whichever host runs next.
            return sent;
        }

        var next = throttledUntil ?? await store.GetNextEmailDueAsync(clock.GetUtcNow(), cancellationToken);
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

        var (granted, nextWindow) = await store.ReserveSendBudgetAsync(provider.Name, perMinute, claims.Count, clock.GetUtcNow(), cancellationToken);
        if (granted >= claims.Count)
        {
            return (claims, null);
        }

        var retryAt = nextWindow ?? clock.GetUtcNow().AddMinutes(1);
        var putBack = claims.Skip(granted).Select(claim => new SendResult(claim, EmailNotificationStatus.New, NextAttemptAt: retryAt)).ToList();
        await store.RecordSendResultsAsync(putBack, clock.GetUtcNow(), cancellationToken);

        return (claims.Take(granted).ToList(), retryAt);
    }

    /// <returns>When the provider throttled us, the time until which sending pauses.</returns>
    private async Task<DateTimeOffset?> SendBatchAsync(IReadOnlyList<EmailClaim> claims, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<EmailClaim>(claims);
        // Shared by the workers: UTC ticks until which the provider asked us to pause, 0 while not throttled.
        long pausedUntilTicks = 0;
        DateTimeOffset? PausedUntil() => Interlocked.Read(ref pausedUntilTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        var results = new SendResultWriter(store, clock, cancellationToken);
        var workers = Enumerable.Range(0, Math.Min(options.Value.SendConcurrency, claims.Count)).Select(async _ =>
        {
            await using var session = await provider.OpenSessionAsync(cancellationToken);
            while (queue.TryDequeue(out var claim))
            {
                if (PausedUntil() is { } pause)
                {
                    // Throttled: the rest of the batch waits, uncounted, for the pause to end.
                    results.Add(new SendResult(claim, EmailNotificationStatus.New, NextAttemptAt: pause));
                    continue;
                }

                var outcome = await SendOneAsync(session, claim, cancellationToken);
                metrics?.SendOutcome(outcome, claim.RequestedSendTime, provider.ReportsDelivery);
                if (outcome.Kind == SendOutcomeKind.Throttled)
                {
                    var until = clock.GetUtcNow() + (outcome.RetryAfter ?? TimeSpan.FromSeconds(60));
                    Interlocked.Exchange(ref pausedUntilTicks, until.UtcTicks);
                    logger.LogWarning("Email provider throttled sending until {Until}: {Reason}", until, outcome.Reason);
                    await store.PauseProviderAsync(provider.Name, until, cancellationToken);
                }

                results.Add(ToResult(claim, outcome, PausedUntil()));
            }
        });
        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            // Every result the workers got is stored before the batch counts as done (or the write's failure is thrown).
            await results.CompleteAsync();
        }

        return PausedUntil();
    }

    private async Task<SendOutcome> SendOneAsync(IEmailSession session, EmailClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            return await session.SendAsync(Personalisation.Personalise(claim), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Sending notification {NotificationId} failed unexpectedly", claim.NotificationId);
            return SendOutcome.Transient(e.GetType().Name);
        }
    }

    private SendResult ToResult(EmailClaim claim, SendOutcome outcome, DateTimeOffset? throttledUntil) => outcome.Kind switch
    {
        SendOutcomeKind.Accepted when provider.ReportsDelivery =>
            new SendResult(claim, EmailNotificationStatus.Sending, outcome.OperationId, clock.GetUtcNow() + FirstStatusPoll),
        SendOutcomeKind.Accepted => new SendResult(claim, EmailNotificationStatus.Succeeded, outcome.OperationId),
        SendOutcomeKind.Throttled => new SendResult(claim, EmailNotificationStatus.New, NextAttemptAt: throttledUntil),
        SendOutcomeKind.Transient => new SendResult(
            claim, EmailNotificationStatus.New, NextAttemptAt: clock.GetUtcNow() + Backoff.ForAttempt(claim.Attempts, RetryFirst, RetryMax)),
        _ => new SendResult(claim, outcome.FailureStatus),
    };
}
