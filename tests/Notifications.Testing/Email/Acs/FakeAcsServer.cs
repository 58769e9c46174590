using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing.Email.Acs;

/// <summary>
/// Azure Communication Services Email on a real loopback Kestrel server: <c>POST /emails:send</c> and
/// <c>GET /emails/operations/{id}</c> (api-version 2023-03-31). Every request's HMAC signature, content hash (over the
/// bytes received) and <c>x-ms-date</c> (within 5 minutes) are checked against <see cref="AccessKey"/>, written
/// independently of the service's signer; a failure is answered 401 <c>Denied</c> like ACS.
/// </summary>
/// <remarks>
/// Scripting: <see cref="Latency"/> delays every answer; <see cref="EnqueueSendAnswers"/> and
/// <see cref="EnqueueStatusAnswers"/> queue canned answers, consumed one per request, then <see cref="AnswerWith"/> is
/// asked, then the fake answers <see cref="FakeAcsAnswer.Normally"/>. Like ACS it dedupes sends by <c>Operation-Id</c>:
/// a repeat is answered 202 with the same id and creates no second email. Thread-safe.
/// </remarks>
public sealed class FakeAcsServer : IAsyncDisposable
{
    /// <summary>How far <c>x-ms-date</c> may be from the fake's clock.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly byte[] _key;
    private readonly Lock _gate = new();
    private readonly Queue<FakeAcsAnswer> _sendAnswers = new();
    private readonly Queue<FakeAcsAnswer> _statusAnswers = new();
    private readonly Dictionary<string, Operation> _operations = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FakeAcsEmail> _emails = [];
    private readonly List<FakeAcsRequest> _requests = [];

    private FakeAcsServer(WebApplication app, string accessKey)
    {
        _app = app;
        AccessKey = accessKey;
        _key = Convert.FromBase64String(accessKey);
    }

    /// <summary>The base64 access key requests must be signed with.</summary>
    public string AccessKey { get; }

    /// <summary>The fake's endpoint, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>A connection string for this fake, with its own key or another one (to test a wrong key).</summary>
    public string ConnectionString(string? accessKey = null) => $"endpoint={Endpoint.AbsoluteUri};accesskey={accessKey ?? AccessKey}";

    /// <summary>How long every request waits before it is answered.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// How long every answer waits after its request was handled: an accepted send is already an email, so a client that
    /// times out or dies meanwhile never hears that it went out (unlike <see cref="Latency"/>, which delays the handling).
    /// </summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>The fake's clock, for the <c>x-ms-date</c> check and the records.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Asked for an answer when the request's queue is empty; null (or returning null) answers normally.</summary>
    public Func<FakeAcsRequest, FakeAcsAnswer?>? AnswerWith { get; set; }

    /// <summary>The statuses an accepted operation goes through on successive reads; the last one repeats.</summary>
    public IReadOnlyList<FakeAcsOperationStatus> DefaultOperationStatuses { get; set; } = [FakeAcsOperationStatus.Running, FakeAcsOperationStatus.Succeeded];

    /// <summary>Every request received, in order, with the status it was answered.</summary>
    public IReadOnlyList<FakeAcsRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The emails created (one per distinct <c>Operation-Id</c>), in order.</summary>
    public IReadOnlyList<FakeAcsEmail> Emails
    {
        get
        {
            lock (_gate)
            {
                return [.. _emails];
            }
        }
    }

    /// <summary>Starts a fake on a free loopback port; a random access key unless one is given.</summary>
    public static async Task<FakeAcsServer> StartAsync(string? accessKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");

        var server = new FakeAcsServer(app, accessKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Answers for the next sends, one each, before <see cref="AnswerWith"/> is asked.</summary>
    public void EnqueueSendAnswers(params FakeAcsAnswer[] answers) => Enqueue(_sendAnswers, answers);

    /// <summary>Answers for the next status reads, one each, before the operation's status is reported.</summary>
    public void EnqueueStatusAnswers(params FakeAcsAnswer[] answers) => Enqueue(_statusAnswers, answers);

    /// <summary>Scripts what reads of an operation report, whether or not it has been sent yet; the last status repeats.</summary>
    public void SetOperationStatuses(string operationId, params FakeAcsOperationStatus[] statuses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(statuses.Length);
        lock (_gate)
        {
            var operation = _operations.TryGetValue(operationId, out var existing) ? existing : _operations[operationId] = new Operation();
            operation.Statuses = statuses;
            operation.Reads = 0;
        }
    }

    /// <summary>How many emails an <c>Operation-Id</c> created: 1 once accepted, however often it was sent.</summary>
    public int EmailsCreated(string operationId)
    {
        lock (_gate)
        {
            return _emails.Count(e => e.OperationId.Equals(operationId, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>How many send requests carried this <c>Operation-Id</c>, whatever they were answered.</summary>
    public int SendAttempts(string operationId) =>
        Requests.Count(r => r.Method == "POST" && string.Equals(r.OperationId, operationId, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Enqueue(Queue<FakeAcsAnswer> queue, FakeAcsAnswer[] answers)
    {
        lock (_gate)
        {
            foreach (var answer in answers)
            {
                queue.Enqueue(answer);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        // Arrival, before the scripted latency: what a benchmark of due-to-provider-call time wants to know.
        var receivedAt = Clock.GetUtcNow();
        if (Latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Latency, aborted); // real time: the client's own timeouts and clocks are what is tested
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up
            }
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, aborted);
        var body = buffer.ToArray();
        var request = context.Request;
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var operationId = request.Headers["Operation-Id"].FirstOrDefault();
        var record = new FakeAcsRequest(request.Method, target, operationId, Encoding.UTF8.GetString(body), 0, null, receivedAt);

        var (status, json, headers, rejection) = Verify(request, target, body) is { } denied
            ? (401, Error("Denied", "Denied by the resource provider."), Headers("x-ms-error-code", "Denied"), denied)
            : string.IsNullOrEmpty(request.Query["api-version"])
                ? (400, Error("MissingApiVersionParameter", "The api-version query parameter is required."), Headers("x-ms-error-code", "MissingApiVersionParameter"), "no api-version")
                : Route(record, request, body);

        lock (_gate)
        {
            _requests.Add(record with { StatusCode = status, Rejection = rejection });
        }

        if (AnswerDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(AnswerDelay, aborted); // real time, as for Latency
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up, or died, after the request was handled
            }
        }

        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        if (json is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json.ToJsonString(), aborted);
        }
    }

    private (int Status, JsonNode? Json, Dictionary<string, string> Headers, string? Rejection) Route(FakeAcsRequest record, HttpRequest request, byte[] body)
    {
        const string operationsPath = "/emails/operations/";
        if (HttpMethods.IsPost(request.Method) && request.Path == "/emails:send")
        {
            return Canned(_sendAnswers, record) ?? Send(record, body);
        }

        if (HttpMethods.IsGet(request.Method) && request.Path.Value is { } path && path.StartsWith(operationsPath, StringComparison.Ordinal))
        {
            return Canned(_statusAnswers, record) ?? ReadStatus(Uri.UnescapeDataString(path[operationsPath.Length..]));
        }

        return (404, Error("NotFound", "No such resource."), [], "unknown path");
    }

    private (int, JsonNode?, Dictionary<string, string>, string?)? Canned(Queue<FakeAcsAnswer> queue, FakeAcsRequest record)
    {
        FakeAcsAnswer? answer;
        lock (_gate)
        {
            answer = queue.TryDequeue(out var queued) ? queued : null;
        }

        answer ??= AnswerWith?.Invoke(record);
        if (answer?.StatusCode is not { } status)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(answer.Headers, StringComparer.OrdinalIgnoreCase);
        if (answer.ErrorCode is { } code)
        {
            headers.TryAdd("x-ms-error-code", code);
        }

        return (status, answer.ErrorCode is null && answer.ErrorMessage is null ? null : Error(answer.ErrorCode, answer.ErrorMessage), headers, null);
    }

    private (int, JsonNode?, Dictionary<string, string>, string?) Send(FakeAcsRequest record, byte[] body)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            json = null;
        }

        if (Malformed(json) is { } problem)
        {
            return (400, Error("BadRequest", problem), Headers("x-ms-error-code", "BadRequest"), problem);
        }

        var id = record.OperationId is { Length: > 0 } given ? given : Guid.NewGuid().ToString("D");
        lock (_gate)
        {
            if (!_operations.TryGetValue(id, out var operation))
            {
                _operations[id] = operation = new Operation { Statuses = DefaultOperationStatuses };
            }

            if (!operation.Sent)
            {
                // A repeated Operation-Id is the same operation: no second email.
                operation.Sent = true;
                _emails.Add(new FakeAcsEmail(id, record.Body, json!, record.ReceivedAt));
            }
        }

        var headers = Headers("Operation-Location", new Uri(Endpoint, $"emails/operations/{id}?api-version=2023-03-31").AbsoluteUri);
        headers["retry-after"] = "30";
        return (202, new JsonObject { ["id"] = id, ["status"] = "Running" }, headers, null);
    }

    private (int, JsonNode?, Dictionary<string, string>, string?) ReadStatus(string id)
    {
        FakeAcsOperationStatus status;
        lock (_gate)
        {
            if (!_operations.TryGetValue(id, out var operation))
            {
                return (404, Error("NotFound", $"Operation {id} was not found."), Headers("x-ms-error-code", "NotFound"), null);
            }

            status = operation.Statuses[Math.Min(operation.Reads, operation.Statuses.Count - 1)];
            operation.Reads++;
        }

        var json = new JsonObject { ["id"] = id, ["status"] = status.Status };
        if (status.ErrorCode is not null || status.ErrorMessage is not null)
        {
            json["error"] = Error(status.ErrorCode, status.ErrorMessage)["error"]!.DeepClone();
        }

        // ACS suggests when to read a running operation again.
        return (200, json, status.RetryAfterSeconds is { } seconds ? Headers("retry-after", seconds.ToString(CultureInfo.InvariantCulture)) : [], null);
    }

    /// <summary>Why the request is not signed correctly with <see cref="AccessKey"/>, or null when it is.</summary>
    private string? Verify(HttpRequest request, string target, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string scheme = "HMAC-SHA256 ";
        if (!authorization.StartsWith(scheme, StringComparison.Ordinal))
        {
            return "no HMAC-SHA256 authorization";
        }

        var parameters = authorization[scheme.Length..].Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parameters.TryGetValue("SignedHeaders", out var signedHeaders) || signedHeaders != "x-ms-date;host;x-ms-content-sha256")
        {
            return "unexpected SignedHeaders";
        }

        var date = request.Headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent)
            || (sent - Clock.GetUtcNow()).Duration() > AllowedClockSkew)
        {
            return "x-ms-date missing or outside the allowed skew";
        }

        var contentHash = request.Headers["x-ms-content-sha256"].ToString();
        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body";
        }

        var stringToSign = $"{request.Method}\n{target}\n{date};{request.Host.Value};{contentHash}";
        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign));
        var given = parameters.TryGetValue("Signature", out var signature) ? TryFromBase64(signature) : null;
        return given is not null && CryptographicOperations.FixedTimeEquals(given, expected) ? null : "signature mismatch";
    }

    private static string? Malformed(JsonNode? json)
    {
        if (json is not JsonObject email || email["senderAddress"] is null || email["content"]?["subject"] is null)
        {
            return "The request must have senderAddress and content.subject.";
        }

        if (email["content"]?["plainText"] is null && email["content"]?["html"] is null)
        {
            return "The content must have plainText or html.";
        }

        if (email["recipients"]?["to"] is not JsonArray { Count: > 0 } to)
        {
            return "The request must have at least one recipient.";
        }

        // Like ACS, the message quotes the address: callers must keep it out of their logs.
        var invalid = to.Select(r => r?["address"]?.ToString() ?? string.Empty).FirstOrDefault(a => !a.Contains('@', StringComparison.Ordinal));
        return invalid is null ? null : $"Invalid format for email address '{invalid}'.";
    }

    private static byte[]? TryFromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static JsonObject Error(string? code, string? message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static Dictionary<string, string> Headers(string name, string value) => new(StringComparer.OrdinalIgnoreCase) { [name] = value };

    private sealed class Operation
    {
        public IReadOnlyList<FakeAcsOperationStatus> Statuses { get; set; } = [];

        public int Reads { get; set; }

        public bool Sent { get; set; }
    }
}
