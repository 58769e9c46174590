using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifications.Api.OpenApi;

/// <summary>
/// Runs last and makes the document say what the wire does, in a shape client generators (NSwag) read well:
/// JSON only (MVC's text/plain and text/json formatters are never what a client wants), and members that may be null
/// are optional rather than required, because the service omits null members. A nullable reference is written as the
/// plain <c>$ref</c>: OpenAPI 3.0 cannot say "nullable" beside a <c>$ref</c>, and an absent member is how null shows.
/// </summary>
internal sealed class DocumentCleanupTransformer : IOpenApiDocumentTransformer
{
    /// <summary>What MVC's formatters add besides <c>application/json</c>.</summary>
    private static readonly HashSet<string> DroppedMediaTypes = ["text/plain", "text/json", "application/*+json"];

    private static readonly string[] ProblemSchemas = [nameof(ProblemDetails), nameof(ValidationProblemDetails)];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            KeepJsonOnly(operation.RequestBody?.Content);
            foreach (var response in operation.Responses?.Values.AsEnumerable() ?? [])
            {
                KeepJsonOnly(response.Content);
            }
        }

        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            MakeNullableMembersOptional(schema);
            NameEnumAsStrings(schema);
        }

        // Problem details carry extension members (traceId, Altinn's code, missingContact): say so, or the examples that
        // show them do not fit the schema.
        foreach (var name in ProblemSchemas)
        {
            if (document.Components?.Schemas?.TryGetValue(name, out var problem) == true && problem is OpenApiSchema schema)
            {
                schema.AdditionalProperties = new OpenApiSchema();
            }
        }

        return Task.CompletedTask;
    }

    private static void KeepJsonOnly(IDictionary<string, OpenApiMediaType>? content)
    {
        foreach (var mediaType in content?.Keys.Where(DroppedMediaTypes.Contains).ToList() ?? [])
        {
            content!.Remove(mediaType);
        }
    }

    private static void MakeNullableMembersOptional(OpenApiSchema schema)
    {
        if (schema.Properties is null)
        {
            return;
        }

        foreach (var (name, property) in schema.Properties.ToList())
        {
            if (NullableReference(property) is { } reference)
            {
                schema.Properties[name] = reference;
                schema.Required?.Remove(name);
            }
            else if (property.Type is { } type ? type.HasFlag(JsonSchemaType.Null) : property is OpenApiSchema { AllOf: null, OneOf: null, AnyOf: null })
            {
                // A nullable type, or any JSON at all (a JsonElement?), which null is too.
                schema.Required?.Remove(name);
            }
        }

        if (schema.Required is { Count: 0 })
        {
            schema.Required = null;
        }
    }

    /// <summary>
    /// An enum component used by a nullable member gets <c>null</c> among its values; the member is optional instead
    /// (above), and the values are the names, as strings.
    /// </summary>
    private static void NameEnumAsStrings(OpenApiSchema schema)
    {
        if (schema.Enum is not { Count: > 0 } values)
        {
            return;
        }

        foreach (var value in values.Where(v => v is null).ToList())
        {
            values.Remove(value);
        }

        schema.Type ??= JsonSchemaType.String;
    }

    /// <summary>
    /// The <c>$ref</c> in <c>oneOf: [{type: null}, {$ref}]</c>, the generator's nullable reference (written for 3.0 as
    /// <c>{enum: [null], nullable: true}</c>).
    /// </summary>
    private static IOpenApiSchema? NullableReference(IOpenApiSchema property) =>
        property.OneOf is { Count: 2 } oneOf && oneOf.Any(IsNullOnly) ? oneOf.OfType<OpenApiSchemaReference>().FirstOrDefault() : null;

    private static bool IsNullOnly(IOpenApiSchema schema) =>
        schema.Type == JsonSchemaType.Null || schema is { Enum: [null] };
}
