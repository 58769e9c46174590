namespace Notifications.Persistence.Availability;

/// <summary>
/// Opens once this host's migrations are applied. Until then requests that need the database answer 503, readiness is
/// Unhealthy and dispatch jobs do not run, so nothing touches a schema that may not exist yet.
/// </summary>
public sealed class DatabaseReadiness
{
    private volatile bool _migrated;

    public bool IsMigrated => _migrated;

    /// <summary>Called by the start-up migration once it succeeded; public for tests that build a check by hand.</summary>
    public void MarkMigrated() => _migrated = true;
}
