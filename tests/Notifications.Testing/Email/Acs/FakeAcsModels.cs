using System.Text.Json.Nodes;

namespace Notifications.Testing.Email.Acs;

/// <summary>
/// How <see cref="FakeAcsServer"/> answers one (correctly signed) request. <see cref="Normally"/> behaves like ACS:
/// a send is accepted and recorded, a status read reports the operation's scripted status. Anything else is an error
/// answer with ACS's shape, <c>{"error": {"code", "message"}}</c> plus the <c>x-ms-error-code</c> header.
/// </summary>
public sealed record FakeAcsAnswer
{
    /// <summary>Answer as ACS would.</summary>
    public static FakeAcsAnswer Normally { get; } = new();

    /// <summary>The HTTP status of an error answer; null for <see cref="Normally"/>.</summary>
    public int? StatusCode { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Extra response headers, e.g. <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>429 <c>TooManyRequests</c>, with <c>Retry-After: {seconds}</c> unless <paramref name="retryAfter"/> is null.</summary>
    public static FakeAcsAnswer Throttled(TimeSpan? retryAfter = null) => new()
    {
        StatusCode = 429,
        ErrorCode = "TooManyRequests",
        ErrorMessage = "Too many requests. Please retry after the interval in the Retry-After header.",
        Headers = retryAfter is { } wait
            ? new Dictionary<string, string> { ["Retry-After"] = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : new Dictionary<string, string>(),
    };

    /// <summary>A server error (500 by default) with the code <c>InternalServerError</c>.</summary>
    public static FakeAcsAnswer ServerError(int statusCode = 500) =>
        new() { StatusCode = statusCode, ErrorCode = "InternalServerError", ErrorMessage = "An internal error occurred." };

    /// <summary>Any error answer, e.g. 400 <c>EmailDroppedAllRecipientsSuppressed</c>.</summary>
    public static FakeAcsAnswer Error(int statusCode, string? code, string? message = null) =>
        new() { StatusCode = statusCode, ErrorCode = code, ErrorMessage = message ?? $"Error {code}." };
}

/// <summary>One status of a send operation as a status read reports it.</summary>
/// <param name="Status"><c>NotStarted</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Canceled</c>.</param>
/// <param name="RetryAfterSeconds">A <c>retry-after</c> header on the read: ACS's hint for the next read of this operation.</param>
public sealed record FakeAcsOperationStatus(string Status, string? ErrorCode = null, string? ErrorMessage = null, int? RetryAfterSeconds = null)
{
    public static FakeAcsOperationStatus NotStarted { get; } = new("NotStarted");

    public static FakeAcsOperationStatus Running { get; } = new("Running");

    public static FakeAcsOperationStatus Succeeded { get; } = new("Succeeded");

    public static FakeAcsOperationStatus Canceled { get; } = new("Canceled");

    public static FakeAcsOperationStatus Failed(string? code, string? message = null) => new("Failed", code, message ?? $"Error {code}.");
}

/// <summary>
/// One request as the fake received it and what it answered. <see cref="Rejection"/> says why a request was answered
/// 401 (bad signature, content hash or date) or 400 (a malformed request); it is null for requests that got through.
/// </summary>
public sealed record FakeAcsRequest(
    string Method,
    string Target,
    string? OperationId,
    string Body,
    int StatusCode,
    string? Rejection,
    DateTimeOffset ReceivedAt);

/// <summary>An email the fake created: the first accepted send of an <c>Operation-Id</c>.</summary>
public sealed record FakeAcsEmail(string OperationId, string Body, JsonNode Json, DateTimeOffset CreatedAt)
{
    public string? SenderAddress => Json["senderAddress"]?.GetValue<string>();

    public string? Subject => Json["content"]?["subject"]?.GetValue<string>();

    public string? PlainText => Json["content"]?["plainText"]?.GetValue<string>();

    public string? Html => Json["content"]?["html"]?.GetValue<string>();

    /// <summary>The <c>recipients.to</c> addresses.</summary>
    public IReadOnlyList<string> To =>
        Json["recipients"]?["to"]?.AsArray().Select(r => r?["address"]?.GetValue<string>() ?? string.Empty).ToList() ?? [];
}
