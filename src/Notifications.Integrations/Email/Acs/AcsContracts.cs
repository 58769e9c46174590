using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Integrations.Email.Acs;

// The ACS Email REST API's shapes (api-version 2023-03-31), only the parts we send or read.

internal sealed record AcsSendRequest(
    string SenderAddress,
    AcsEmailContent Content,
    AcsRecipients Recipients,
    bool UserEngagementTrackingDisabled);

/// <summary>Exactly one of <see cref="PlainText"/> and <see cref="Html"/> is set; the other is left out of the JSON.</summary>
internal sealed record AcsEmailContent(string Subject, string? PlainText, string? Html);

internal sealed record AcsRecipients(IReadOnlyList<AcsEmailAddress> To);

internal sealed record AcsEmailAddress(string Address, string? DisplayName);

/// <summary>The answer to a send (202) and to a status read (200).</summary>
internal sealed record AcsOperation(string? Id, string? Status, AcsError? Error);

internal sealed record AcsErrorResponse(AcsError? Error);

internal sealed record AcsError(string? Code, string? Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcsSendRequest))]
[JsonSerializable(typeof(AcsOperation))]
[JsonSerializable(typeof(AcsErrorResponse))]
internal sealed partial class AcsJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Non-ASCII text (æøå) is written as UTF-8 rather than <c>\u00e6</c> escapes: smaller bodies, still valid JSON. The
    /// stricter default encoder guards against JSON pasted into HTML, which never happens to a request body.
    /// </summary>
    public static AcsJsonContext Relaxed { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
