using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace Notifications.Api.Contracts;

/// <summary>One event of a delivery-report body as Azure.Messaging.EventGrid read it, whichever schema it came in.</summary>
/// <param name="Time">The event's time; null when it has none.</param>
/// <param name="SystemData">The SDK's data of a system event (<c>TryGetSystemEventData</c>); null when it has none or cannot read it.</param>
/// <param name="Data">The event's data as sent.</param>
internal sealed record ReceivedEvent(string? Id, string? Type, DateTimeOffset? Time, object? SystemData, BinaryData? Data);

/// <summary>
/// Splits a delivery-report body into its events and has Azure.Messaging.EventGrid read each one: an element with
/// <c>specversion</c> is a CloudEvent, any other an Event Grid event. Each event is parsed on its own (not with
/// <c>ParseMany</c> over the body) because the SDK throws for the whole body when one event lacks an attribute it
/// requires, such as <c>subject</c>: such an event is skipped, so it cannot hold up the rest of its batch in Event
/// Grid's retries (and finally be dead-lettered with them).
/// </summary>
internal static class DeliveryReportEnvelopes
{
    /// <summary>
    /// The attributes <see cref="EventGridEventExt"/> and <see cref="CloudEventExt"/> describe as strings. Another type
    /// there is the sender's bug, answered 400 with the attribute's path, which the SDK's exception would not name.
    /// </summary>
    private static readonly string[] EventGridStrings = ["id", "eventType", "subject", "eventTime", "dataVersion"];

    private static readonly string[] CloudEventStrings = ["specversion", "id", "type", "source", "time"];

    /// <summary>The body's events, and those the SDK could not read: their ids (when there is one) and why.</summary>
    /// <exception cref="JsonException">The envelope is malformed; <see cref="JsonException.Path"/> says where.</exception>
    public static (IReadOnlyList<ReceivedEvent> Events, IReadOnlyList<(string? EventId, string Reason)> Unreadable) Read(JsonElement body)
    {
        List<(JsonElement Element, string Path)> elements = body.ValueKind switch
        {
            JsonValueKind.Array => body.EnumerateArray().Select((e, i) => (e, $"$[{i}]")).ToList(),
            JsonValueKind.Object when IsCloudEvent(body) => [(body, "$")],
            _ => throw new JsonException(
                "Expected a JSON array of Event Grid events, or a CloudEvents 1.0 event or batch.", "$", null, null),
        };
        foreach (var (element, path) in elements)
        {
            CheckShape(element, path);
        }

        var events = new List<ReceivedEvent>();
        var unreadable = new List<(string?, string)>();
        foreach (var (element, _) in elements)
        {
            try
            {
                events.Add(Parse(element));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or JsonException)
            {
                // The exception's type only: its message may quote the event's values.
                unreadable.Add((IdOf(element), $"Azure.Messaging.EventGrid cannot read its envelope ({e.GetType().Name})"));
            }
        }

        return (events, unreadable);
    }

    private static void CheckShape(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Each event must be a JSON object.", path, null, null);
        }

        var strings = IsCloudEvent(element) ? CloudEventStrings : EventGridStrings;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)
                && strings.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw new JsonException("The value has the wrong type.", $"{path}.{property.Name}", null, null);
            }
        }
    }

    private static ReceivedEvent Parse(JsonElement element)
    {
        var json = BinaryData.FromString(element.GetRawText());
        if (IsCloudEvent(element))
        {
            // Without the SDK's validation of required attributes: only the ones read here matter.
            var cloudEvent = CloudEvent.Parse(json, skipValidation: true)!;
            return new ReceivedEvent(cloudEvent.Id, cloudEvent.Type, cloudEvent.Time, SystemData(cloudEvent.TryGetSystemEventData), cloudEvent.Data);
        }

        var gridEvent = EventGridEvent.Parse(json);
        return new ReceivedEvent(
            gridEvent.Id, gridEvent.EventType, gridEvent.EventTime == default ? null : gridEvent.EventTime,
            SystemData(gridEvent.TryGetSystemEventData), gridEvent.Data);
    }

    private delegate bool TryGetSystemEventData(out object? data);

    /// <summary>The SDK throws instead of answering false when the data is missing altogether.</summary>
    private static object? SystemData(TryGetSystemEventData tryGet)
    {
        try
        {
            return tryGet(out var data) ? data : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsCloudEvent(JsonElement element) =>
        element.EnumerateObject().Any(p => string.Equals(p.Name, "specversion", StringComparison.OrdinalIgnoreCase));

    private static string? IdOf(JsonElement element) =>
        element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
}
