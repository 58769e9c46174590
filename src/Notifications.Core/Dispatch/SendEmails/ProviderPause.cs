namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>
/// The pause a provider's 429 asked for during one batch: the batch's workers read it before each send (the rest of
/// the batch waits for the pause to end), and it is written to the shared provider state so every host stops sending.
/// </summary>
internal sealed class ProviderPause(IProviderGate gate, string providerName, TimeProvider clock, ILogger logger)
{
    // UTC ticks until which the provider asked us to pause, 0 while not throttled; shared by the workers.
    private long _untilTicks;

    /// <summary>When the pause ends; null while the provider has not throttled this batch.</summary>
    public DateTimeOffset? Until => Interlocked.Read(ref _untilTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Pauses sending for the wait the throttled <paramref name="outcome"/> names, else <see cref="Backoff.ProviderThrottle"/>.</summary>
    public async Task PauseAsync(SendOutcome outcome)
    {
        var until = clock.GetUtcNow() + (outcome.RetryAfter ?? Backoff.ProviderThrottle);
        Interlocked.Exchange(ref _untilTicks, until.UtcTicks);
        logger.LogWarning("Email provider throttled sending until {Until}: {Reason}", until, outcome.Reason);
        // Not cancelled on shutdown: the other hosts must hear of the pause.
        await gate.PauseProviderAsync(providerName, until, CancellationToken.None);
    }
}
