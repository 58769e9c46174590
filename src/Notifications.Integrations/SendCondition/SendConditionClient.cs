using System.Net;
using System.Text.Json;

namespace Notifications.Integrations.SendCondition;

/// <summary>
/// Asks an order's condition endpoint whether to send (docs/architecture.md#journey): one attempt per call; the caller
/// decides when to ask again. Connections go through <see cref="PublicAddressConnector"/>, the SSRF guard.
/// </summary>
/// <remarks>
/// Redirects (301, 302, 303, 307, 308) are followed up to <see cref="MaxRedirects"/> times, each hop over a newly
/// vetted connection; a redirect from https to http or to another scheme is refused. Logs and reasons name the
/// endpoint's host, never its query string, which may carry ids or tokens.
/// </remarks>
public sealed partial class SendConditionClient(HttpClient http, IOptions<SendConditionOptions> options, ILogger<SendConditionClient> logger)
    : ISendConditionClient
{
    /// <summary>Redirects followed before the answer counts as an error.</summary>
    public const int MaxRedirects = 3;

    /// <summary>The most of a response body that is read; the answer is one small JSON object.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SendConditionResult> CheckAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var timeoutSeconds = options.Value.TimeoutSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));

        SendConditionResult result;
        try
        {
            result = await AskAsync(endpoint, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the caller's token means "stop"; any other cancellation is our timeout.
            result = Retryable($"no answer from {endpoint.IdnHost} within {timeoutSeconds} s");
        }
        catch (Exception e) when (FindRefusal(e) is { } refusal)
        {
            result = new SendConditionResult(SendConditionVerdict.Refused, refusal.Message);
        }
        catch (HttpRequestException e)
        {
            result = Retryable($"{nameof(HttpRequestException)} ({e.HttpRequestError}) for {endpoint.IdnHost}");
        }
        catch (IOException e)
        {
            // A connection dropped while the body was being read.
            result = Retryable($"{e.GetType().Name} for {endpoint.IdnHost}");
        }

        switch (result.Verdict)
        {
            case SendConditionVerdict.Refused:
                LogRefused(logger, Redacted(endpoint), result.Reason);
                break;
            case SendConditionVerdict.Retryable:
                LogRetryable(logger, Redacted(endpoint), result.Reason);
                break;
            default:
                LogAnswered(logger, Redacted(endpoint), result.Verdict);
                break;
        }

        return result;
    }

    private async Task<SendConditionResult> AskAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            return Refused(endpoint.IsAbsoluteUri ? $"the {endpoint.Scheme} scheme is not allowed for {endpoint.IdnHost}" : "the address is not absolute");
        }

        var uri = endpoint;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri)
            {
                // HTTP/3 runs over QUIC, which does not go through the connect callback and so would bypass the guard.
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                if (redirects == MaxRedirects)
                {
                    return Retryable($"more than {MaxRedirects} redirects from {endpoint.IdnHost}");
                }

                if (response.Headers.Location is not { } location)
                {
                    return Retryable($"HTTP {status} without a Location from {uri.IdnHost}");
                }

                var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                {
                    return Refused($"{uri.IdnHost} redirected to the {next.Scheme} scheme, which is not allowed");
                }

                if (uri.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
                {
                    return Refused($"{uri.IdnHost} redirected from https to http ({next.IdnHost})");
                }

                uri = next;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                return Retryable($"HTTP {status} from {uri.IdnHost}");
            }

            return await ReadAnswerAsync(response.Content, uri, cancellationToken);
        }
    }

    private static async Task<SendConditionResult> ReadAnswerAsync(HttpContent content, Uri uri, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxBodyBytes)
        {
            return Retryable($"an answer over {MaxBodyBytes} bytes from {uri.IdnHost}");
        }

        // One byte more than allowed, to tell "exactly at the cap" from "over it" without reading the rest.
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        await using (var stream = await content.ReadAsStreamAsync(cancellationToken))
        {
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
        }

        if (length > MaxBodyBytes)
        {
            return Retryable($"an answer over {MaxBodyBytes} bytes from {uri.IdnHost}");
        }

        try
        {
            return JsonSerializer.Deserialize<ConditionAnswer>(buffer.AsSpan(0, length), Json)?.SendNotification switch
            {
                true => new SendConditionResult(SendConditionVerdict.Send),
                false => new SendConditionResult(SendConditionVerdict.DoNotSend),
                null => Retryable($"an answer without sendNotification from {uri.IdnHost}"),
            };
        }
        catch (JsonException)
        {
            return Retryable($"an answer that is not the expected JSON from {uri.IdnHost}");
        }
    }

    private static SendConditionRefusedException? FindRefusal(Exception? e)
    {
        // SocketsHttpHandler wraps what the connect callback throws in an HttpRequestException.
        for (; e is not null; e = e.InnerException)
        {
            if (e is SendConditionRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>Scheme, host, port and path: the query may carry ids or tokens, the user info a password.</summary>
    private static string Redacted(Uri endpoint) => endpoint.IsAbsoluteUri
        ? endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
        : "(relative address)";

    private static SendConditionResult Retryable(string reason) => new(SendConditionVerdict.Retryable, reason);

    private static SendConditionResult Refused(string reason) => new(SendConditionVerdict.Refused, reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Send condition endpoint {Endpoint} refused by the SSRF guard: {Reason}")]
    private static partial void LogRefused(ILogger logger, string endpoint, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Send condition endpoint {Endpoint} gave no usable answer: {Reason}")]
    private static partial void LogRetryable(ILogger logger, string endpoint, string? reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Send condition endpoint {Endpoint} answered {Verdict}")]
    private static partial void LogAnswered(ILogger logger, string endpoint, SendConditionVerdict verdict);

    private sealed record ConditionAnswer(bool? SendNotification);
}
