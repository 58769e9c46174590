using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notifications.Api.Controllers;

namespace Notifications.Api.OpenApi;

/// <summary>
/// The delivery-report webhook reads its body itself, with Azure.Messaging.EventGrid (Azure's envelopes, not our
/// contract), so the generator cannot see it; describe the three shapes it accepts.
/// </summary>
internal static class DeliveryReportBodyTransformer
{
    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor is not ControllerActionDescriptor
            {
                ControllerTypeInfo: var controller, ActionName: nameof(DeliveryReportsController.Post),
            } || controller.AsType() != typeof(DeliveryReportsController))
        {
            return;
        }

        var eventGrid = await ComponentAsync<EventGridEventExt>(context, cancellationToken);
        var cloudEvent = await ComponentAsync<CloudEventExt>(context, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            // Its data is said in words: a component that no schema references would be an unused one (redocly lint), and
            // `data` is any JSON for the other event types.
            Description = "Event Grid events (a JSON array) or CloudEvents 1.0 (one event, or a batch). The data of a "
                + $"{DeliveryReportMappings.EmailDeliveryReportReceived} event has messageId (the send's operation id), status "
                + "(Delivered, Bounced, Suppressed, Quarantined, FilteredSpam, Failed, Expanded: an open set), "
                + "deliveryStatusDetails.statusMessage and deliveryAttemptTimeStamp; its sender and recipient are not read.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = eventGrid } },
                ["application/cloudevents+json"] = new() { Schema = cloudEvent },
                ["application/cloudevents-batch+json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = cloudEvent } },
            },
        };
    }

    /// <summary>A named component, so the envelopes read as types in the docs and in generated clients.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync<T>(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var name = typeof(T).Name;
        if (context.Document?.Components?.Schemas?.ContainsKey(name) != true)
        {
            context.Document?.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), cancellationToken: cancellationToken));
        }

        return new OpenApiSchemaReference(name, context.Document);
    }
}
