using System.Globalization;
using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace Notifications.Api.Contracts;

/// <summary>What a delivery-report webhook body holds, whichever schema it came in.</summary>
/// <param name="ValidationCode">Set when the body held Event Grid's subscription validation event.</param>
/// <param name="Skipped">Events that could not be read, and report events that could not be used: the event id (when there is one) and why.</param>
public sealed record DeliveryReportBatch(
    string? ValidationCode,
    IReadOnlyList<DeliveryReport> Reports,
    IReadOnlyList<(string? EventId, string Reason)> Skipped);

/// <summary>
/// Reads Event Grid and CloudEvents 1.0 envelopes (with Azure.Messaging.EventGrid, <see cref="DeliveryReportEnvelopes"/>)
/// into Core's <see cref="DeliveryReport"/>s.
/// </summary>
public static class DeliveryReportMappings
{
    public const string EmailDeliveryReportReceived = SystemEventNames.AcsEmailDeliveryReportReceived;
    public const string SubscriptionValidationEvent = SystemEventNames.EventGridSubscriptionValidation;

    /// <summary>
    /// The envelope must be well-formed (an array of event objects, or one CloudEvent); a bad envelope is the sender's
    /// bug and is answered 400. A single report event that cannot be used is skipped instead, so it cannot hold up
    /// the rest of its batch in Event Grid's retries.
    /// </summary>
    /// <param name="now">The delivery attempt time of a report that names neither its attempt nor its event time.</param>
    /// <exception cref="JsonException">The envelope is malformed; <see cref="JsonException.Path"/> says where.</exception>
    public static DeliveryReportBatch ToDeliveryReportBatch(this JsonElement body, DateTimeOffset now)
    {
        var (events, unreadable) = DeliveryReportEnvelopes.Read(body);
        string? validationCode = null;
        var reports = new List<DeliveryReport>();
        var skipped = unreadable.ToList();
        foreach (var e in events)
        {
            if (e.SystemData is SubscriptionValidationEventData validation)
            {
                validationCode = validation.ValidationCode ?? validationCode;
                continue;
            }

            if (!string.Equals(e.Type?.Trim(), EmailDeliveryReportReceived, StringComparison.OrdinalIgnoreCase))
            {
                // Events of other types are not ours to read.
                continue;
            }

            if (e.SystemData is not AcsEmailDeliveryReportReceivedEventData data)
            {
                skipped.Add((e.Id, "its data is missing or has values of the wrong type"));
            }
            else if (string.IsNullOrWhiteSpace(e.Id) || string.IsNullOrWhiteSpace(data.MessageId) || data.Status?.ToString() is not { } status
                || string.IsNullOrWhiteSpace(status))
            {
                skipped.Add((e.Id, "it lacks an event id, a messageId or a status"));
            }
            else
            {
                var attemptAt = data.DeliveryAttemptTimestamp ?? AttemptTimeInAnySpelling(e.Data) ?? e.Time ?? now;
                reports.Add(new DeliveryReport(
                    e.Id, data.MessageId, status, attemptAt.ToUniversalTime(), data.DeliveryStatusDetails?.StatusMessage, ToNotificationStatus(status)));
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

    /// <summary>
    /// ACS has spelt the attempt time <c>deliveryAttemptTimeStamp</c> and <c>deliveryAttemptTimestamp</c>; the SDK reads
    /// only the first, so any other casing is looked up here.
    /// </summary>
    private static DateTimeOffset? AttemptTimeInAnySpelling(BinaryData? data)
    {
        if (data is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(data.ToMemory());
        if (json.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var time = json.RootElement.EnumerateObject()
            .FirstOrDefault(p => string.Equals(p.Name, "deliveryAttemptTimeStamp", StringComparison.OrdinalIgnoreCase)).Value;
        return time.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
    }
}
