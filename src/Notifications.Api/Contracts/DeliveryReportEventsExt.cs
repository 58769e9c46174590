using System.Text.Json;

namespace Notifications.Api.Contracts;

/// <summary>
/// One event in the Event Grid schema; the webhook body is a JSON array of them. Times are read as text and parsed
/// leniently, so one odd timestamp cannot make Event Grid retry (and finally dead-letter) a whole batch.
/// </summary>
/// <param name="Id">Unique per event; redeliveries carry the same id.</param>
/// <param name="EventType"><c>Microsoft.Communication.EmailDeliveryReportReceived</c> or <c>Microsoft.EventGrid.SubscriptionValidationEvent</c>; others are ignored.</param>
public sealed record EventGridEventExt(string? Id, string? EventType, string? Subject, string? EventTime, JsonElement? Data, string? DataVersion);

/// <summary>One CloudEvents 1.0 event (structured mode): a single object, or an array of them in a batch.</summary>
/// <param name="Type">The same type names as the Event Grid schema's <c>eventType</c>.</param>
public sealed record CloudEventExt(string? SpecVersion, string? Id, string? Type, string? Source, string? Time, JsonElement? Data);

/// <summary>
/// The <c>data</c> of an ACS <c>EmailDeliveryReportReceived</c> event. The event also carries <c>sender</c> and
/// <c>recipient</c>; they are deliberately not read, so no email address can end up in our logs or database.
/// </summary>
/// <param name="MessageId">The operation id of the send, which we store on the notification.</param>
/// <param name="Status">Delivered, Bounced, Suppressed, Quarantined, FilteredSpam, Failed, Expanded — an open set.</param>
/// <param name="DeliveryAttemptTimeStamp">ACS has spelt it <c>deliveryAttemptTimeStamp</c> and <c>deliveryAttemptTimestamp</c>; names are matched case-insensitively, so both land here.</param>
public sealed record AcsEmailDeliveryReportDataExt(
    string? MessageId,
    string? Status,
    AcsDeliveryStatusDetailsExt? DeliveryStatusDetails,
    string? DeliveryAttemptTimeStamp);

public sealed record AcsDeliveryStatusDetailsExt(string? StatusMessage);

/// <summary>The <c>data</c> of Event Grid's subscription validation handshake.</summary>
public sealed record SubscriptionValidationDataExt(string? ValidationCode, string? ValidationUrl);

/// <summary>Our answer to the subscription validation handshake: the code echoed back.</summary>
public sealed record SubscriptionValidationResponseExt(string ValidationResponse);
