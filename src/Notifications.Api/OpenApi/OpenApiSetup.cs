using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Notifications.Api.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, built from the controllers and their XML docs, and the docs page at
/// <c>/docs</c>. Every controller is described unless it opts out with <c>[ApiExplorerSettings(IgnoreApi = true)]</c>;
/// health and metrics endpoints are not controllers, so they never appear.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string DocsPath = "/docs";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            // NSwag's C# generator handles 3.1 poorly, and clients are generated from it.
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.AddDocumentTransformer<DocumentInfoTransformer>();
            options.AddOperationTransformer<SecurityOperationTransformer>();
            options.AddOperationTransformer(OpenApiExamples.AddExamplesAsync);
            options.AddOperationTransformer(DeliveryReportBodyTransformer.TransformAsync);
            options.AddSchemaTransformer(RequiredMembersTransformer.TransformAsync);
            options.AddDocumentTransformer<DocumentCleanupTransformer>();
        });
        return services;
    }

    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        // Scalar serves its script from the assembly, so the page works without internet access; its online extras are off.
        app.MapScalarApiReference(DocsPath, scalar => scalar
            .WithTitle("Notifications API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .HideClientButton()
            .ShowOperationId()
            .AddDocument(DocumentName))
            .AllowAnonymous();
        return app;
    }
}
