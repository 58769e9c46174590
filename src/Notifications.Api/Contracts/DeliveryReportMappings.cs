using System.Globalization;
using System.Text.Json;

namespace Notifications.Api.Contracts;

/// <summary>What a delivery-report webhook body holds, whichever schema it came in.</summary>
/// <param name="ValidationCode">Set when the body held Event Grid's subscription validation event.</param>
/// <param name="Skipped">Report events that could not be used: the event id (when there is one) and why.</param>
public sealed record DeliveryReportBatch(
    string? ValidationCode,
    IReadOnlyList<DeliveryReport> Reports,
    IReadOnlyList<(string? EventId, string Reason)> Skipped);

/// <summary>Reads Event Grid and CloudEvents 1.0 envelopes into Core's <see cref="DeliveryReport"/>s.</summary>
public static class DeliveryReportMappings
{
    public const string EmailDeliveryReportReceived = "Microsoft.Communication.EmailDeliveryReportReceived";
    public const string SubscriptionValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";

    // Our own options rather than MVC's: these envelopes are Azure's contract (any casing, no strict enums).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The envelope must be well-formed (an array of event objects, or one CloudEvent); a bad envelope is the sender's
    /// bug and is answered 400. A single report event that cannot be used is skipped instead, so it cannot hold up
    /// the rest of its batch in Event Grid's retries.
    /// </summary>
    /// <param name="now">The delivery attempt time of a report that names neither its attempt nor its event time.</param>
    /// <exception cref="JsonException">The envelope is malformed; <see cref="JsonException.Path"/> says where.</exception>
    public static DeliveryReportBatch ToDeliveryReportBatch(this JsonElement body, DateTimeOffset now)
    {
        var events = body.ValueKind switch
        {
            JsonValueKind.Array => body.EnumerateArray().Select((e, i) => ReadEnvelope(e, $"$[{i}]")).ToList(),
            JsonValueKind.Object when HasSpecVersion(body) => [ReadEnvelope(body, "$")],
            _ => throw new JsonException(
                "Expected a JSON array of Event Grid events, or a CloudEvents 1.0 event or batch.", "$", null, null),
        };

        string? validationCode = null;
        var reports = new List<DeliveryReport>();
        var skipped = new List<(string?, string)>();
        foreach (var e in events)
        {
            if (Is(e.Type, SubscriptionValidationEvent))
            {
                if (TryData<SubscriptionValidationDataExt>(e, out var validation) && validation?.ValidationCode is { } code)
                {
                    validationCode = code;
                }
            }
            else if (Is(e.Type, EmailDeliveryReportReceived))
            {
                if (!TryData<AcsEmailDeliveryReportDataExt>(e, out var data))
                {
                    skipped.Add((e.Id, "its data has values of the wrong type"));
                }
                else if (string.IsNullOrWhiteSpace(e.Id) || string.IsNullOrWhiteSpace(data?.MessageId) || string.IsNullOrWhiteSpace(data.Status))
                {
                    skipped.Add((e.Id, "it lacks an event id, a messageId or a status"));
                }
                else
                {
                    var attemptAt = ParseTime(data.DeliveryAttemptTimeStamp) ?? ParseTime(e.Time) ?? now;
                    reports.Add(new DeliveryReport(
                        e.Id, data.MessageId, data.Status, attemptAt, data.DeliveryStatusDetails?.StatusMessage, ToNotificationStatus(data.Status)));
                }
            }
        }

        // The store is idempotent on event id anyway; a batch repeating an id need not ask it twice.
        return new DeliveryReportBatch(validationCode, reports.DistinctBy(r => r.EventId).ToList(), skipped);
    }

    /// <summary>
    /// The notification status an ACS delivery status means (case-insensitive); null for statuses that change nothing
    /// (Expanded, and any the service adds later).
    /// </summary>
    public static EmailNotificationStatus? ToNotificationStatus(string status) => status.Trim().ToLowerInvariant() switch
    {
        "delivered" => EmailNotificationStatus.Delivered,
        "bounced" => EmailNotificationStatus.Failed_Bounced,
        "suppressed" => EmailNotificationStatus.Failed_SupressedRecipient,
        "quarantined" => EmailNotificationStatus.Failed_Quarantined,
        "filteredspam" => EmailNotificationStatus.Failed_FilteredSpam,
        "failed" => EmailNotificationStatus.Failed,
        _ => null,
    };

    private sealed record Envelope(string? Id, string? Type, string? Time, JsonElement? Data);

    private static Envelope ReadEnvelope(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Each event must be a JSON object.", path, null, null);
        }

        try
        {
            if (HasSpecVersion(element))
            {
                var cloudEvent = element.Deserialize<CloudEventExt>(Json)!;
                return new Envelope(cloudEvent.Id, cloudEvent.Type, cloudEvent.Time, cloudEvent.Data);
            }

            var gridEvent = element.Deserialize<EventGridEventExt>(Json)!;
            return new Envelope(gridEvent.Id, gridEvent.EventType, gridEvent.EventTime, gridEvent.Data);
        }
        catch (JsonException e)
        {
            // The serializer's own message names a path relative to the event and CLR types; say it plainly.
            throw new JsonException("The value has the wrong type.", path + e.Path?.TrimStart('$'), null, null, e);
        }
    }

    private static bool HasSpecVersion(JsonElement element) =>
        element.EnumerateObject().Any(p => string.Equals(p.Name, "specversion", StringComparison.OrdinalIgnoreCase));

    private static bool Is(string? type, string expected) => string.Equals(type?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>False only when the data is there but unreadable; absent or non-object data reads as null.</summary>
    private static bool TryData<T>(Envelope e, out T? data)
        where T : class
    {
        data = null;
        if (e.Data is not { ValueKind: JsonValueKind.Object } element)
        {
            return true;
        }

        try
        {
            data = element.Deserialize<T>(Json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;
}
