using System.Collections.Concurrent;

namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>
/// Hands one batch to the provider with bounded concurrency: each worker holds one provider session (one SMTP
/// connection) and takes emails from the batch until it is empty, the host stops, a result write failed or the provider
/// throttled. An email is only sent while <see cref="BatchLease.Holds"/> says its claim is ours; each outcome goes to
/// the <see cref="SendResultWriter"/> at once. What no worker sent is left in <see cref="Untaken"/> and <see cref="PutBack"/>.
/// </summary>
internal sealed class SendWorkers(
    IReadOnlyList<EmailClaim> claims,
    IEmailProvider provider,
    BatchLease lease,
    ProviderPause pause,
    SendResultWriter results,
    NotificationsMetrics metrics,
    TimeProvider clock,
    ILogger logger)
{
    private readonly ConcurrentQueue<EmailClaim> _queue = new(claims);
    private readonly int _batchSize = claims.Count;
    private readonly ConcurrentQueue<EmailClaim> _putBack = new();
    private int _lost;

    /// <summary>Emails no worker took: the host stopped, a result write failed or a worker gave up.</summary>
    public IReadOnlyList<EmailClaim> Untaken => [.. _queue];

    /// <summary>Emails taken but not sent because the provider throttled: they wait for the pause to end.</summary>
    public IReadOnlyList<EmailClaim> PutBack => [.. _putBack];

    /// <summary>Emails not sent because their claim could no longer be trusted; they are neither sent nor handed back.</summary>
    public int Lost => Volatile.Read(ref _lost);

    /// <summary>Runs up to <paramref name="concurrency"/> workers until none has anything left to do; never throws.</summary>
    public Task RunAsync(int concurrency, CancellationToken stopping) =>
        Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, _batchSize)).Select(_ => Task.Run(() => RunWorkerAsync(stopping), CancellationToken.None)));

    private async Task RunWorkerAsync(CancellationToken stopping)
    {
        try
        {
            await WorkAsync(stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // The emails this worker did not take are handed back with the rest.
            logger.LogWarning(e, "A send worker stopped");
        }
        catch (OperationCanceledException)
        {
            // Shutdown while opening a session.
        }
    }

    private async Task WorkAsync(CancellationToken stopping)
    {
        await using var session = await provider.OpenSessionAsync(stopping);
        while (!stopping.IsCancellationRequested && !results.Faulted && _queue.TryDequeue(out var claim))
        {
            if (pause.Until is not null)
            {
                // Throttled: the rest of the batch waits, uncounted, for the pause to end.
                _putBack.Enqueue(claim);
                continue;
            }

            if (!lease.Holds(claim))
            {
                // The lease may have run out or another host took the email over: sending it could send it twice.
                Interlocked.Increment(ref _lost);
                continue;
            }

            // Not cancelled by shutdown: a send that started finishes (bounded by the provider's timeout) and is recorded.
            var outcome = await SendOneAsync(session, claim);
            metrics.SendOutcome(outcome, claim.RequestedSendTime, provider.ReportsDelivery);
            if (outcome.Kind == SendOutcomeKind.Throttled)
            {
                await pause.PauseAsync(outcome);
            }

            results.Add(SendResults.For(claim, outcome, provider.ReportsDelivery, pause.Until, clock.GetUtcNow()));
        }
    }

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
