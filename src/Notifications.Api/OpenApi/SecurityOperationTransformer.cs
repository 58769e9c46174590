using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notifications.Api.Auth;

namespace Notifications.Api.OpenApi;

/// <summary>
/// Names every operation (the generated client's method names), and gives each endpoint that needs a token both
/// security schemes, as alternatives, and its 401 and 403 answers; the delivery-report webhook gets its key's two
/// schemes, and an anonymous endpoint says it needs nothing.
/// </summary>
internal sealed class SecurityOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var action = context.Description.ActionDescriptor;
        if (string.IsNullOrEmpty(operation.OperationId) && action is ControllerActionDescriptor controller)
        {
            operation.OperationId = controller.ControllerName + controller.ActionName;
        }

        var metadata = action.EndpointMetadata;
        if (metadata.OfType<RequiresDeliveryReportKeyAttribute>().Any())
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentInfoTransformer.DeliveryReportQueryScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentInfoTransformer.DeliveryReportHeaderScheme, context.Document)] = [] },
            ];
            return;
        }

        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            // Said outright (an empty requirement: no credentials), so no operation is left without a security statement.
            operation.Security = [new OpenApiSecurityRequirement()];
            return;
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentInfoTransformer.BearerScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentInfoTransformer.PlatformScheme, context.Document)] = [] },
        ];

        operation.Responses ??= new OpenApiResponses();
        if (context.Document?.Components?.Schemas?.ContainsKey(nameof(ProblemDetails)) != true)
        {
            context.Document?.AddComponent(nameof(ProblemDetails), await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken));
        }

        var problem = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document);
        AddProblem(operation, "401", "No valid token: missing, expired, wrongly signed or from an untrusted issuer.", problem);
        AddProblem(operation, "403", "The token lacks the scope or does not name a creator organisation.", problem);
    }

    private static void AddProblem(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        if (operation.Responses!.TryGetValue(status, out var existing) && existing.Content is { Count: > 0 })
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = existing?.Description is { Length: > 0 } given && given != "Unauthorized" && given != "Forbidden" ? given : description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }
}
