namespace Notifications.Core.Ports;

/// <summary>
/// The dispatch housekeeping: claims of hosts that died, emails past their window, and bookkeeping rows nobody needs any
/// more. Each statement works on the database's clock (and the bulk ones in batches).
/// </summary>
public interface IMaintenanceStore
{
    /// <summary>
    /// Returns claims whose lease ran out on the database's clock to the queue: orders to Registered, unsent emails to New.
    /// Work still in progress is never touched: its host renews the lease.
    /// </summary>
    Task<(int Orders, int Emails)> RecoverStaleClaimsAsync(CancellationToken cancellationToken);

    /// <summary>Marks emails that missed their 48-hour window Failed_TTL (with ACS also those awaiting a delivery report).</summary>
    Task<int> ExpireAsync(bool succeededAwaitsReport, CancellationToken cancellationToken);

    /// <summary>Forgets delivery reports that never matched an email after 48 hours, and idempotency keys older than <paramref name="keepKeys"/>.</summary>
    Task PurgeAsync(DateTimeOffset now, TimeSpan keepKeys, CancellationToken cancellationToken);
}
