using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Persistence;
using Notifications.Persistence.Availability;

namespace Notifications.Api.Health;

/// <summary>Ready when this host has applied its migrations, PostgreSQL answers and no migration is pending.</summary>
public sealed class DatabaseHealthCheck(NotificationsDbContext db, DatabaseReadiness readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsMigrated)
        {
            return HealthCheckResult.Unhealthy("Waiting for the database to apply the migrations.");
        }

        try
        {
            // Reads __EFMigrationsHistory: one round trip proves the connection and the schema version.
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migrations are not applied.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }
}
