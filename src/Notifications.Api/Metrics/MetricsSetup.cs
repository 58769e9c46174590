using Notifications.Core.Metrics;
using OpenTelemetry.Metrics;

namespace Notifications.Api.Metrics;

/// <summary>
/// OpenTelemetry metrics in the Prometheus text format at <c>/metrics</c>: the service's own instruments
/// (<see cref="NotificationsMetrics"/>) plus ASP.NET Core's and the runtime's built-in meters. The endpoint is
/// anonymous, like the health probes: keep it off the public ingress.
/// </summary>
public static class MetricsSetup
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(NotificationsMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapPrometheusMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        return app;
    }
}
