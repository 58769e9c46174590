using System.Diagnostics;
using Notifications.Api.Metrics;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Notifications.Api.Logging;

/// <summary>
/// Serilog: readable text in Development, one compact JSON object per line elsewhere (for the log collector). Each
/// event carries the W3C trace id of its request (<c>@tr</c>), which is also the <c>traceId</c> of every problem-details
/// answer, so an error a client reports leads straight to its log lines. Log ids, never recipients: email addresses and
/// national identity numbers are personal data.
/// </summary>
public static class LoggingSetup
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {TraceId}{NewLine}{Exception}";

    public static IServiceCollection AddStructuredLogging(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSerilog((provider, logger) => logger
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(provider)
            .Enrich.FromLogContext()
            .WriteTo.Console(ConsoleFormatter(environment)));
        // One trace id everywhere: the request's W3C trace id, as in the log events, instead of the full traceparent.
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier);
        return services;
    }

    public static ITextFormatter ConsoleFormatter(IHostEnvironment environment) =>
        environment.IsDevelopment() ? new MessageTemplateTextFormatter(TextTemplate) : new RenderedCompactJsonFormatter();

    /// <summary>One line per request: method, path (no query string, which may hold a senders reference), status, time.</summary>
    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(ConfigureRequestLogging);
        return app;
    }

    private static void ConfigureRequestLogging(RequestLoggingOptions options)
    {
        options.GetLevel = Level;
        options.EnrichDiagnosticContext = (diagnostics, context) =>
        {
            if (context.GetEndpoint()?.DisplayName is { } endpoint)
            {
                diagnostics.Set("Endpoint", endpoint);
            }
        };
    }

    /// <summary>
    /// Probes and scrapes every few seconds would drown the log: they are logged only when they fail. A 503 is an expected
    /// unavailability whose cause was logged once, as a warning, where it was recognised (<see cref="Errors.UnavailableLogging"/>,
    /// an unhealthy check): its request line is no second alarm. Other 5xx are errors.
    /// </summary>
    private static LogEventLevel Level(HttpContext context, double elapsedMs, Exception? exception) =>
        exception is not null || context.Response.StatusCode is >= 500 and not StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Error
        : IsProbe(context.Request.Path) && context.Response.StatusCode < 400 ? LogEventLevel.Verbose
        : LogEventLevel.Information;

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsSetup.MetricsPath);
}
