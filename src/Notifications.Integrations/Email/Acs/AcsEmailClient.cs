using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Notifications.Integrations.Email.Acs;

/// <summary>
/// The ACS Email REST API (docs/architecture.md#contracts) over a typed <see cref="HttpClient"/>, innermost handler
/// <see cref="AcsHmacSigningHandler"/>. One attempt per call: the dispatcher decides about retries. Expected failures
/// are outcomes, not exceptions; only the caller's cancellation is thrown.
/// </summary>
/// <remarks>Logs carry notification and operation ids, HTTP statuses and ACS error codes, never addresses or ACS's messages.</remarks>
public sealed partial class AcsEmailClient(
    HttpClient http, AcsConnectionString connection, IOptions<AcsOptions> options, TimeProvider time, ILogger<AcsEmailClient> logger)
{
    public const string OperationIdHeader = "Operation-Id";
    public const string ErrorCodeHeader = "x-ms-error-code";

    private readonly AcsOptions _options = options.Value;

    /// <summary>
    /// Sends one email with <c>Operation-Id</c> = its notification id, so a retry of the same email is recognised by ACS.
    /// Accepted carries the operation id ACS answers with (the notification id when it gives none).
    /// </summary>
    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (email.MayHaveBeenSent && await LookBeforeResendingAsync(email.NotificationId, cancellationToken) is { } known)
        {
            return known;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(ToRequest(email), AcsJsonContext.Relaxed.AcsSendRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/emails:send")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(OperationIdHeader, email.NotificationId.ToString("D"));

        var (response, failure) = await ExchangeAsync(request, cancellationToken);
        if (response is null)
        {
            LogSendFailedInTransit(logger, email.NotificationId, failure);
            return SendOutcome.Transient(failure);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var operation = await ReadJsonAsync(response, AcsJsonContext.Relaxed.AcsOperation, cancellationToken);
                var operationId = string.IsNullOrWhiteSpace(operation?.Id) ? email.NotificationId.ToString("D") : operation.Id;
                LogAccepted(logger, email.NotificationId, (int)response.StatusCode, operationId);
                return SendOutcome.Accepted(operationId);
            }

            var (code, message) = await ReadErrorAsync(response, cancellationToken);
            var outcome = AcsErrorMapper.ClassifySend(response.StatusCode, code, message, RetryAfterParser.Parse(response.Headers, time.GetUtcNow()));
            LogSendRefused(logger, email.NotificationId, (int)response.StatusCode, code, outcome.Kind, outcome.FailureStatus, outcome.RetryAfter);
            return outcome;
        }
    }

    /// <summary>
    /// An earlier attempt may have reached ACS: only a 404 for its <c>Operation-Id</c> allows a POST (docs/decisions/002).
    /// An operation that exists is adopted as accepted, whatever its state, and the status poll (or a delivery report)
    /// records how it ends; a read that fails sends nothing now. Null means "not sent before: send".
    /// </summary>
    private async Task<SendOutcome?> LookBeforeResendingAsync(Guid notificationId, CancellationToken cancellationToken)
    {
        var operationId = notificationId.ToString("D");
        var (status, notFound) = await ReadAsync(operationId, cancellationToken);
        if (notFound)
        {
            return null;
        }

        var outcome = status.State switch
        {
            OperationState.Throttled => SendOutcome.Throttled(status.RetryAfter ?? RetryAfterParser.Default, $"status read before a resend: {status.Reason}"),
            OperationState.Unknown => SendOutcome.Transient($"status read before a resend: {status.Reason}"),
            _ => SendOutcome.Accepted(operationId),
        };
        LogLookedBeforeResending(logger, notificationId, status.State, outcome.Kind);
        return outcome;
    }

    /// <summary>
    /// Reads one send operation at <c>{endpoint}/emails/operations/{id}</c>, built from our own endpoint: a foreign host
    /// in <c>Operation-Location</c> is never followed, since the request carries our signature.
    /// </summary>
    public async Task<OperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken) =>
        (await ReadAsync(operationId, cancellationToken)).Status;

    /// <returns>The status, and whether ACS answered 404: it knows no operation with that id.</returns>
    private async Task<(OperationStatus Status, bool NotFound)> ReadAsync(string operationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        using var request = new HttpRequestMessage(HttpMethod.Get, Url($"/emails/operations/{Uri.EscapeDataString(operationId)}"));

        var (response, failure) = await ExchangeAsync(request, cancellationToken);
        if (response is null)
        {
            LogStatusUnknown(logger, operationId, failure);
            return (new OperationStatus(OperationState.Unknown, Reason: failure), false);
        }

        using (response)
        {
            var retryAfter = RetryAfterParser.TryParse(response.Headers, time.GetUtcNow());
            OperationStatus status;
            if (response.IsSuccessStatusCode)
            {
                var operation = await ReadJsonAsync(response, AcsJsonContext.Relaxed.AcsOperation, cancellationToken);
                status = operation?.Status switch
                {
                    { } s when Is(s, "NotStarted") || Is(s, "Running") => new OperationStatus(OperationState.Pending, Reason: $"ACS operation {s}", RetryAfter: retryAfter),
                    { } s when Is(s, "Succeeded") => new OperationStatus(OperationState.Succeeded),
                    { } s when Is(s, "Failed") || Is(s, "Canceled") => AcsErrorMapper.FailedOperation(s, Short(operation.Error?.Code), operation.Error?.Message),
                    var s => new OperationStatus(OperationState.Pending, Reason: $"ACS answered an unknown operation status ({Short(s) ?? "none"})", RetryAfter: retryAfter),
                };
                var level = status.State switch { OperationState.Failed => LogLevel.Warning, OperationState.Succeeded => LogLevel.Information, _ => LogLevel.Debug };
                LogStatus(logger, level, operationId, (int)response.StatusCode, operation?.Status, Short(operation?.Error?.Code), status.State, status.FailureStatus);
            }
            else
            {
                var (code, _) = await ReadErrorAsync(response, cancellationToken);
                status = AcsErrorMapper.ClassifyStatusRead(response.StatusCode, code, retryAfter);
                LogStatusRefused(logger, operationId, (int)response.StatusCode, code, status.State);
            }

            return (status, response.StatusCode == HttpStatusCode.NotFound);
        }
    }

    private AcsSendRequest ToRequest(OutgoingEmail email) => new(
        email.FromAddress,
        email.ContentType == EmailContentType.Html
            ? new AcsEmailContent(email.Subject, PlainText: null, Html: email.Body)
            : new AcsEmailContent(email.Subject, PlainText: email.Body, Html: null),
        new AcsRecipients([new AcsEmailAddress(email.ToAddress, string.IsNullOrWhiteSpace(email.ToName) ? null : email.ToName)]),
        _options.UserEngagementTrackingDisabled);

    /// <summary>An absolute URL: relative to the base address, <c>emails:send</c> would parse as the scheme <c>emails</c>.</summary>
    private Uri Url(string path) =>
        new($"{connection.EndpointUrl}{path}?api-version={Uri.EscapeDataString(_options.ApiVersion)}", UriKind.Absolute);

    /// <summary>The response, or why there is none: a timeout or a failed connection, both worth another try later.</summary>
    private async Task<(HttpResponseMessage? Response, string Failure)> ExchangeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            // The default completion option buffers the body, so HttpClient.Timeout covers a body that stalls too.
            return (await http.SendAsync(request, cancellationToken), string.Empty);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation; only the caller's token means "stop".
            return (null, $"no answer from ACS within {http.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return (null, $"ACS could not be reached ({e.HttpRequestError})");
        }
    }

    private static async Task<(string? Code, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var error = (await ReadJsonAsync(response, AcsJsonContext.Relaxed.AcsErrorResponse, cancellationToken))?.Error;
        var code = error?.Code;
        if (string.IsNullOrWhiteSpace(code) && response.Headers.NonValidated.TryGetValues(ErrorCodeHeader, out var values))
        {
            code = values.FirstOrDefault();
        }

        return (Short(code), error?.Message);
    }

    /// <summary>The body as <typeparamref name="T"/>, or null when it is empty or not that JSON.</summary>
    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Is(string value, string expected) => value.Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Error codes are identifiers; anything longer is not one and is cut before it reaches a reason or a log.</summary>
    private static string? Short(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Length <= 64 ? code : code[..64];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Email {NotificationId} accepted by ACS ({StatusCode}) as operation {OperationId}")]
    private static partial void LogAccepted(ILogger logger, Guid notificationId, int statusCode, string operationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {NotificationId} not sent: {Reason}")]
    private static partial void LogSendFailedInTransit(ILogger logger, Guid notificationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Email {NotificationId}: ACS answered {StatusCode} ({ErrorCode}); outcome {Outcome} {FailureStatus}, retry after {RetryAfter}")]
    private static partial void LogSendRefused(
        ILogger logger, Guid notificationId, int statusCode, string? errorCode, SendOutcomeKind outcome, EmailNotificationStatus failureStatus, TimeSpan? retryAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS operation {OperationId} status not read: {Reason}")]
    private static partial void LogStatusUnknown(ILogger logger, string operationId, string reason);

    [LoggerMessage(Message = "ACS operation {OperationId}: {StatusCode} {OperationStatus} ({ErrorCode}) → {State} {FailureStatus}")]
    private static partial void LogStatus(
        ILogger logger, LogLevel level, string operationId, int statusCode, string? operationStatus, string? errorCode, OperationState state, EmailNotificationStatus failureStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {NotificationId} may have been sent before: its operation is {State}, so {Outcome} without a new send")]
    private static partial void LogLookedBeforeResending(ILogger logger, Guid notificationId, OperationState state, SendOutcomeKind outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS operation {OperationId} status read answered {StatusCode} ({ErrorCode}) → {State}")]
    private static partial void LogStatusRefused(ILogger logger, string operationId, int statusCode, string? errorCode, OperationState state);
}
