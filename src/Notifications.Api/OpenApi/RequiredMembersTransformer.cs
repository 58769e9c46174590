using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifications.Api.OpenApi;

/// <summary>
/// The order request's members are nullable in C# so that FluentValidation, not the JSON reader, reports a missing
/// subject, body or recipient list with the contract's messages; the document still says they are required.
/// </summary>
internal static class RequiredMembersTransformer
{
    private static readonly string[] OrderRequestRequired = ["subject", "body", "recipients"];

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(EmailNotificationOrderRequestExt))
        {
            schema.Required = new HashSet<string>(OrderRequestRequired);
            foreach (var name in OrderRequestRequired)
            {
                if (schema.Properties is not null && schema.Properties.TryGetValue(name, out var member) && member is OpenApiSchema { Type: { } type } property)
                {
                    property.Type = type & ~JsonSchemaType.Null;
                }
            }
        }

        return Task.CompletedTask;
    }
}
