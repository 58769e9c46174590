using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notifications.Api.Auth;

namespace Notifications.Api.OpenApi;

/// <summary>
/// Title, version, licence, description and the security schemes. The one server is relative (<c>/</c>, the host that
/// serves the document), so the document is the same on every host and its copy in the repository.
/// </summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;
    public const string PlatformScheme = PlatformAccessTokenHandler.SchemeName;
    public const string DeliveryReportQueryScheme = "DeliveryReportKey";
    public const string DeliveryReportHeaderScheme = "DeliveryReportKeyHeader";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Notifications API",
            Version = ApiVersionInfo.Version,
            License = new OpenApiLicense { Name = ApiVersionInfo.License, Url = new Uri($"https://spdx.org/licenses/{ApiVersionInfo.License}.html") },
            Description = "Order email notifications to persons (national identity number), organisations (organisation number) "
                + "and email addresses, and follow each order until every email has a final status. Compatible with the "
                + "Altinn Notifications v1 email API. Errors are RFC 7807 problem details with a traceId.",
        };
        // The order API first, the webhook (called by Azure, not by our users) last.
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "EmailOrders", Description = "Register email notification orders." },
            new() { Name = "Orders", Description = "Read and cancel your orders and follow their notifications." },
            new() { Name = "DeliveryReports", Description = "The webhook Azure Event Grid calls with ACS email delivery reports." },
        };
        // The request's own host would make the document differ between hosts (and the committed copy); the paths carry
        // the whole base path, so a client puts its own scheme and host in front.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A Maskinporten/Altinn token with scope altinn:serviceowner/notifications.create and an "
                    + "urn:altinn:org claim naming the creator organisation.",
            },
            [PlatformScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = PlatformAccessTokenHandler.HeaderName,
                Description = "A platform access token (JWT) from a trusted issuer; the issuer is the creator organisation.",
            },
            // Event Grid cannot present a token: the delivery-report webhook takes its shared key in the URL or a header.
            [DeliveryReportQueryScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Query,
                Name = DeliveryReportKeyOptions.QueryName,
                Description = "The delivery-report key (Email:Acs:DeliveryReportKey) in the Event Grid subscription's URL.",
            },
            [DeliveryReportHeaderScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = DeliveryReportKeyOptions.HeaderName,
                Description = "The delivery-report key (Email:Acs:DeliveryReportKey), for callers that can set headers.",
            },
        };
        return Task.CompletedTask;
    }
}
