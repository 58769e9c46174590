using System.Text.Json;

namespace Notifications.Api.Contracts;

/// <summary>
/// One event in the Event Grid schema; the webhook body is a JSON array of them. An event whose envelope cannot be
/// read (no subject, an odd time) is skipped rather than failing its batch, so Event Grid does not retry the rest.
/// </summary>
/// <param name="Id">Unique per event; redeliveries carry the same id.</param>
/// <param name="EventType"><c>Microsoft.Communication.EmailDeliveryReportReceived</c> or <c>Microsoft.EventGrid.SubscriptionValidationEvent</c>; others are ignored.</param>
/// <remarks>Describes the body in the OpenAPI document; Azure.Messaging.EventGrid reads it (<see cref="DeliveryReportEnvelopes"/>).</remarks>
public sealed record EventGridEventExt(string? Id, string? EventType, string? Subject, string? EventTime, JsonElement? Data, string? DataVersion);

/// <summary>One CloudEvents 1.0 event (structured mode): a single object, or an array of them in a batch.</summary>
/// <param name="Type">The same type names as the Event Grid schema's <c>eventType</c>.</param>
/// <remarks>Describes the body in the OpenAPI document; Azure.Messaging.EventGrid reads it (<see cref="DeliveryReportEnvelopes"/>).</remarks>
public sealed record CloudEventExt(string? SpecVersion, string? Id, string? Type, string? Source, string? Time, JsonElement? Data);

/// <summary>Our answer to the subscription validation handshake: the code echoed back.</summary>
public sealed record SubscriptionValidationResponseExt(string ValidationResponse);
