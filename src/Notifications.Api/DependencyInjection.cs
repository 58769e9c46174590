using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Notifications.Api.Auth;
using Notifications.Api.Database;
using Notifications.Api.Errors;
using Notifications.Api.Health;
using Notifications.Api.Metrics;
using Notifications.Api.OpenApi;
using Notifications.Core.Ports;

namespace Notifications.Api;

public static class DependencyInjection
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeliveryReportKeyOptions>().BindConfiguration(DeliveryReportKeyOptions.Section);
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyBytes);

        services.AddControllers(mvc => mvc.Filters.Add<UnparseableContentTypeFilter>())
            .AddJsonOptions(json =>
            {
                ConfigureJson(json.JsonSerializerOptions);
                // Only the reader of request bodies: the OpenAPI document keeps describing recipients as a plain array.
                json.JsonSerializerOptions.TypeInfoResolver = json.JsonSerializerOptions.TypeInfoResolver!.WithAddedModifier(RecipientCountLimit.Modify);
            })
            .ConfigureApiBehaviorOptions(api => api.InvalidModelStateResponseFactory = ValidationProblems.FromModelState);
        // The OpenAPI generator reads these options, not MVC's: the same settings keep enums as strings in the document.
        services.ConfigureHttpJsonOptions(json => ConfigureJson(json.SerializerOptions));
        services.AddOpenApiDocument();

        services.AddExceptionHandler<UndecodableBodyExceptionHandler>();
        services.AddDatabaseAvailability();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddTokenAuthentication(configuration, environment);
        services.AddHealthProbes(configuration);
        services.AddPrometheusMetrics();
        services.AddSingleton<IWebhookBodyWriter, WebhookBodyWriter>();
        return services;
    }

    private static void ConfigureJson(JsonSerializerOptions json)
    {
        json.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Numbers are numbers: the web default also reads them from strings, which the document would then have to admit.
        json.NumberHandling = JsonNumberHandling.Strict;
        // `{"subject":"a","subject":"b"}` is ambiguous, and the last one winning silently is a guess: a 400.
        json.AllowDuplicateProperties = false;
    }
}
