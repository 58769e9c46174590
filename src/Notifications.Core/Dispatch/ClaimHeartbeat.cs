namespace Notifications.Core.Dispatch;

/// <summary>
/// Keeps a claim alive while its work is in progress: renews the lease every quarter lease, so stale-claim recovery never
/// takes over work that is still being done, however slow the provider, the condition endpoint or the lookup is.
/// <see cref="IsHeld"/> says whether the claim is still certainly ours: measured on this host's monotonic clock from the
/// start of the last renewal that succeeded (or of the claim), with half a lease to spare, so work started while it is true
/// has at least half a lease before anyone may take it over, even if every later renewal fails.
/// </summary>
public sealed class ClaimHeartbeat : IAsyncDisposable
{
    private readonly TimeSpan _lease;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _heldSince;

    /// <param name="claimedAt">A <see cref="TimeProvider.GetTimestamp"/> taken before the claim statement was sent.</param>
    /// <param name="renew">Extends the lease in the database; throws when it could not.</param>
    public ClaimHeartbeat(TimeSpan lease, long claimedAt, Func<CancellationToken, Task> renew, TimeProvider clock, ILogger logger)
    {
        _lease = lease;
        _clock = clock;
        _heldSince = claimedAt;
        _loop = Task.Run(() => RenewAsync(renew, logger));
    }

    public bool IsHeld => _clock.GetElapsedTime(Interlocked.Read(ref _heldSince)) < _lease / 2;

    private async Task RenewAsync(Func<CancellationToken, Task> renew, ILogger logger)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_lease / 4, _clock, _stop.Token);
                var started = _clock.GetTimestamp();
                await renew(_stop.Token);
                Interlocked.Exchange(ref _heldSince, started);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not renew a claim's lease; its work stops when the lease can no longer be trusted");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
