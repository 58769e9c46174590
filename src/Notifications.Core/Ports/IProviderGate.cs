namespace Notifications.Core.Ports;

/// <summary>
/// What every host must agree on before calling a provider: its 429 pause and its per-minute send budget, both kept in
/// the database so one host's throttling holds for all.
/// </summary>
public interface IProviderGate
{
    /// <summary>When the provider last told us to pause (429), if that pause is still running.</summary>
    Task<DateTimeOffset?> GetPausedUntilAsync(string provider, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Pauses all sending to the provider, on every host, until <paramref name="until"/> (never shortens a pause).</summary>
    Task PauseProviderAsync(string provider, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="wanted"/> sends from the provider's per-minute budget, shared by all hosts.
    /// Returns how many were granted, and when none were, when the next minute's budget opens.
    /// </summary>
    Task<(int Granted, DateTimeOffset? NextWindow)> ReserveSendBudgetAsync(
        string provider, int perMinute, int wanted, DateTimeOffset now, CancellationToken cancellationToken);
}
