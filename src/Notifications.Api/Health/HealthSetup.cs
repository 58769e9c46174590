using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Notifications.Core.Dispatch;

namespace Notifications.Api.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (no checks). <c>/health/ready</c>: the database and, where dispatch runs,
/// the dispatch loop. Both are anonymous and answer only <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c> (503);
/// the reasons go to the log, not to whoever can reach the port.
/// </summary>
public static class HealthSetup
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddHealthProbes(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout);
        if (DispatchOptions.ReadFrom(configuration).Enabled)
        {
            checks.AddCheck<DispatchHealthCheck>("dispatch", tags: [ReadyTag], timeout: CheckTimeout);
        }

        return services;
    }

    public static WebApplication MapHealthProbes(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }
}
