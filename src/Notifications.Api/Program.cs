using Notifications.Api;
using Notifications.Api.Dashboard;
using Notifications.Api.Health;
using Notifications.Api.Jobs;
using Notifications.Api.Logging;
using Notifications.Api.Metrics;
using Notifications.Api.OpenApi;
using Notifications.Api.Pages;
using Notifications.Core;
using Notifications.Core.Common;
using Notifications.Core.Orders.CreateEmailOrder;
using Notifications.Core.Orders.Registration;
using Notifications.Integrations;
using Notifications.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddStructuredLogging(builder.Configuration, builder.Environment);

builder.Services
    .AddCore()
    .AddPersistence(builder.Configuration)
    .AddIntegrations(builder.Configuration)
    .AddApi(builder.Configuration, builder.Environment)
    .AddJobs(builder.Configuration);

builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.Assemblies = [typeof(CreateEmailOrderCommand)];
    // Outermost first: a replay is answered before validation can call its send time stale (docs/decisions/004). The
    // replay behaviour applies to every IRegistrationCommand, validation to every message.
    options.PipelineBehaviors = [typeof(ReplayFirstBehavior<,>), typeof(ValidationBehavior<,>)];
});

var app = builder.Build();

// Request logging outermost, so it records the status the exception handler chose.
app.UseRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapControllers();
app.MapOpenApiDocument();
app.MapDashboard();
app.MapLandingPage();
app.MapHealthProbes();
app.MapPrometheusMetrics();

app.Run();

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
