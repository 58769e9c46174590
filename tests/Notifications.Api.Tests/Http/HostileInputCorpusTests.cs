using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// Bad input is a 400, always, as a corpus: well over a thousand malformed or hostile requests through the
/// real pipeline and PostgreSQL. None may be a 5xx; every 400 is ValidationProblemDetails keyed by property paths,
/// JSON paths or the header's name; and the service is healthy afterwards.
/// </summary>
public sealed partial class HostileInputCorpusTests : ApiTestBase
{
    private const string ValidBody = """{"subject":"s","body":"b","recipients":[{"emailAddress":"a@example.com"}]}""";

    private static readonly string[] TextFields = ["subject", "body", "sendersReference", "resourceId", "conditionEndpoint"];
    private static readonly string[] RecipientFields = ["emailAddress", "nationalIdentityNumber", "organizationNumber", "mobileNumber"];
    private static readonly string[] AllFields =
        ["subject", "body", "contentType", "requestedSendTime", "sendersReference", "recipients", "resourceId", "ignoreReservation", "conditionEndpoint"];

    /// <summary>A request to send, made fresh each time (a request message is sent once).</summary>
    private sealed record Probe(string Name, Func<string, HttpRequestMessage> Build);

    /// <summary>A request-property path (<c>Recipients[0].EmailAddress</c>), a JSON path, or the header or query parameter's name.</summary>
    [GeneratedRegex(@"^(\$.*|Idempotency-Key|sendersReference|[A-Z][A-Za-z]*(\[\d+\])?(\.[A-Z][A-Za-z]*(\[\d+\])?)*)$")]
    private static partial Regex ErrorKey();

    [Test]
    public async Task AThousandHostileRequests_AreAll4xxWithCleanProblemDetails_AndTheServiceStaysHealthy()
    {
        var probes = Corpus().ToList();
        Assert.That(probes, Has.Count.GreaterThanOrEqualTo(1_000));
        var bearer = TestTokens.Bearer();
        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var client = new HttpClient(new SocketsHttpHandler
        {
            // Send odd header bytes as they are, rather than have HttpClient refuse them.
            RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1,
        }) { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (probe, ct) =>
        {
            using var request = probe.Build(bearer);
            try
            {
                using var response = await client.SendAsync(request, ct);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if (await CheckAsync(request, response) is { } problem)
                {
                    failures.Add($"{probe.Name}: {(int)response.StatusCode} {problem}");
                }
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{probe.Name}: no answer ({e.Message} {e.InnerException?.Message})");
            }
        });

        TestContext.Out.WriteLine($"{probes.Count} requests: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        foreach (var failure in failures.Order())
        {
            TestContext.Out.WriteLine(failure);
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Order().Take(30)));
        Assert.That((await Client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PostOrderAsync(EmailOrder())).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    /// <returns>What is wrong with the answer, or null when it is acceptable.</returns>
    private static async Task<string?> CheckAsync(HttpRequestMessage request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return text.Length > 300 ? text[..300] : text;
        }

        if (status != 400 || (text.Length == 0 && RefusedByKestrel(request)))
        {
            return null;
        }

        if (text.Length >= 100_000)
        {
            return $"a 400 of {text.Length} characters";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json"
            || JsonNode.Parse(text) is not JsonObject problem
            || problem["title"]?.GetValue<string>() != "One or more validation errors occurred."
            || problem["errors"] is not JsonObject { Count: > 0 } errors)
        {
            return $"not ValidationProblemDetails: {text}";
        }

        var stray = errors.Select(e => e.Key).Where(k => !ErrorKey().IsMatch(k) || k.Contains("Ext") || k.Contains("System")).ToList();
        var clrNames = errors.SelectMany(e => e.Value!.AsArray()).Select(m => m!.GetValue<string>())
            .Where(m => m.Contains("System.") || m.Contains("RequestExt") || m.Contains("Command")).ToList();
        return stray.Count > 0 || clrNames.Count > 0 ? $"stray keys or CLR names: {errors.ToJsonString()}" : null;
    }

    /// <summary>
    /// Kestrel answers a bare 400 and closes the connection, before any middleware runs, for a header value that is not
    /// ASCII and for a NUL in the path: HTTP-level refusals that never reach the API, so they carry no problem details.
    /// </summary>
    private static bool RefusedByKestrel(HttpRequestMessage request) =>
        request.RequestUri!.OriginalString.Contains("%00")
        || request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .SelectMany(h => h.Value).Any(v => v.Any(c => c > 0x7F));

    private static IEnumerable<Probe> Corpus() =>
        ControlCharacters().Concat(WrongTypes()).Concat(OddUnicode()).Concat(BrokenJson()).Concat(HugeJson())
            .Concat(ContentTypes()).Concat(Headers()).Concat(OddIdsAndQueries());

    private static Probe Post(string name, string json, string contentType = "application/json", Action<HttpRequestMessage>? also = null) =>
        PostBytes(name, Encoding.UTF8.GetBytes(json), contentType, also);

    private static Probe PostBytes(string name, byte[] body, string contentType = "application/json", Action<HttpRequestMessage>? also = null) =>
        new(name, bearer =>
        {
            var request = Request(HttpMethod.Post, EmailOrdersUrl, bearer);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            also?.Invoke(request);
            return request;
        });

    private static Probe Send(string name, HttpMethod method, string url, Action<HttpRequestMessage>? also = null) =>
        new(name, bearer =>
        {
            var request = Request(method, url, bearer);
            also?.Invoke(request);
            return request;
        });

    private static string With(string field, JsonNode? value)
    {
        var body = JsonNode.Parse(ValidBody)!.AsObject();
        body[field] = value;
        return body.ToJsonString();
    }

    private static string WithRecipient(string field, JsonNode? value) =>
        With("recipients", new JsonArray(new JsonObject { [field] = value }));

    /// <summary>Every C0 character in every text field, the header and the query: 32 × 11.</summary>
    private static IEnumerable<Probe> ControlCharacters()
    {
        for (var c = 0; c < 0x20; c++)
        {
            var text = $"a{(char)c}b";
            foreach (var field in TextFields)
            {
                yield return Post($"{field} U+{c:X4}", With(field, field == "conditionEndpoint" ? $"https://example.com/{text}" : text));
            }

            foreach (var field in RecipientFields)
            {
                yield return Post($"{field} U+{c:X4}", WithRecipient(field, text));
            }

            yield return Post($"Idempotency-Key U+{c:X4}", ValidBody, also: r => r.Headers.TryAddWithoutValidation("Idempotency-Key", $"k{(c is 0 or 10 or 13 ? ' ' : (char)c)}k"));
            yield return Send($"query U+{c:X4}", HttpMethod.Get, $"{OrdersUrl}?sendersReference=a%{c:X2}b");
        }
    }

    private static readonly string[] WrongValues =
        ["1", "-1", "1.5", "1e999", "-1e999", "99999999999999999999999", "true", "false", "null", "[]", "{}", "\"\"", "\"x\"", "[null]", "[{}]", "{\"a\":1}"];

    /// <summary>Each top-level and recipient field given each wrong type.</summary>
    private static IEnumerable<Probe> WrongTypes() =>
        AllFields.SelectMany(f => WrongValues.Select(v => Post($"{f}={v}", With(f, JsonNode.Parse(v)))))
            .Concat(RecipientFields.Append("isReserved").SelectMany(f => WrongValues.Select(v => Post($"recipient.{f}={v}", WithRecipient(f, JsonNode.Parse(v))))))
            .Concat(new[] { "[1]", "[\"a@b.no\"]", "[[]]", "[true]", "\"a@b.no\"", "1" }.Select(v => Post($"recipients={v}", With("recipients", JsonNode.Parse(v)))))
            .Concat(new[] { "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59-14:00\"", "\"0001-01-01T00:00:00+14:00\"", "\"0001-01-01T00:00:00Z\"",
                "\"2030-13-45T00:00:00Z\"", "\"2030-01-01T00:00:00+25:00\"", "\"+275760-09-13T00:00:00Z\"", "\"2030-01-01\"",
                "\"2030-01-01T00:00:00.12345678901234Z\"", "\"2030-01-01T24:00:00Z\"", "\"2030-02-30T00:00:00Z\"", "\"P1D\"" }
                .Select(v => Post($"requestedSendTime={v}", With("requestedSendTime", JsonNode.Parse(v)))));

    private static readonly string[] OddTexts =
    [
        "\\uD800", "\\uDC00", "\\uD800x", "x\\uDBFF", "\\uDC00\\uD800", "\\uFEFF", "\\u200B", "\\u202Eevil", "\\uFFFF", "\\uFFFE",
        "\\u0085", "\\u2028", "\\u007F", "\\u0080", "\\u009F", "😀", "e\\u0301\\u0301\\u0301", "\\u0000\\u0000", "%00", "\\\\", "\\/", "\\\"",
    ];

    /// <summary>Lone surrogates, invisible and bidi characters, C1 controls and raw invalid UTF-8 in the text fields.</summary>
    private static IEnumerable<Probe> OddUnicode() =>
        OddTexts.SelectMany(t => TextFields.Concat(["emailAddress"]).Select(f => Post($"{f}=\"{t}\"", f == "emailAddress"
            ? ValidBody.Replace("a@example.com", $"a{t}@example.com")
            : With(f, "PLACEHOLDER").Replace("PLACEHOLDER", t))))
        .Concat(new byte[][] { [0xFF], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFE, 0xFF] }
            .SelectMany((bytes, i) => new[] { "subject", "body", "emailAddress" }.Select(f =>
                PostBytes($"invalid UTF-8 #{i} in {f}", Splice(ValidBody.Replace("a@example.com", "a@PLACE.com").Replace("\"s\"", "\"PLACE\"").Replace("\"b\"", "\"PLACE\""), f, bytes)))));

    private static byte[] Splice(string json, string field, byte[] bytes)
    {
        var marker = field switch { "subject" => 0, "body" => 1, _ => 2 };
        var parts = json.Split("PLACE");
        var result = new List<byte>();
        for (var i = 0; i < parts.Length; i++)
        {
            result.AddRange(Encoding.UTF8.GetBytes(parts[i]));
            if (i < parts.Length - 1)
            {
                result.AddRange(i == marker ? bytes : Encoding.UTF8.GetBytes("x"));
            }
        }

        return [.. result];
    }

    /// <summary>Every truncation of a valid body, trailing garbage, duplicate keys, comments, odd literals.</summary>
    private static IEnumerable<Probe> BrokenJson()
    {
        for (var length = 0; length < ValidBody.Length; length++)
        {
            yield return Post($"truncated at {length}", ValidBody[..length]);
        }

        foreach (var tail in new[] { "x", "}", "]", ",", ",{}", ValidBody, "\0", "\u00FF", "//c", "/*c*/", " null", "\"", "\\" })
        {
            yield return Post($"trailing {tail}", ValidBody + tail);
        }

        foreach (var field in AllFields)
        {
            yield return Post($"duplicate {field}", ValidBody.Insert(1, $"\"{field}\":null,"));
            yield return Post($"duplicate {field} in another case", ValidBody.Insert(1, $"\"{field.ToUpperInvariant()}\":null,"));
        }

        foreach (var odd in new[] { "[]", "null", "1", "\"x\"", "{", "{}", "{{}}", "{'subject':'s'}", "{subject:\"s\"}", "{\"subject\":\"s\",}", "{\"subject\" \"s\"}",
            "{\"subject\":NaN}", "{\"subject\":Infinity}", "{\"subject\":undefined}", "{\"recipients\":[{\"emailAddress\":\"a@b.no\"},]}", "\uFEFF" + ValidBody, "\t\r\n " })
        {
            yield return Post($"odd JSON {odd}", odd);
        }

        yield return Post("recipient with duplicate key", WithRecipient("emailAddress", "a@b.no").Replace("{\"emailAddress\"", "{\"emailAddress\":\"c@d.no\",\"emailAddress\""));
    }

    /// <summary>Deep nesting, long strings, many recipients, bodies over the limit.</summary>
    private static IEnumerable<Probe> HugeJson()
    {
        foreach (var depth in new[] { 33, 64, 1_000, 100_000 })
        {
            yield return Post($"{depth} nested arrays", With("subject", "X").Replace("\"X\"", new string('[', depth) + new string(']', depth)));
            yield return Post($"{depth} nested objects", With("resourceId", "X").Replace("\"X\"", string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)));
            yield return Post($"{depth} unclosed arrays", new string('[', depth));
        }

        yield return Post("long subject", With("subject", new string('s', 100_000)));
        yield return Post("long senders reference", With("sendersReference", new string('r', 100_000)));
        yield return Post("long resource id", With("resourceId", new string('r', 100_000)));
        yield return Post("long condition endpoint", With("conditionEndpoint", "https://example.com/" + new string('p', 100_000)));
        yield return Post("long email address", WithRecipient("emailAddress", new string('a', 100_000) + "@example.com"));
        yield return Post("long property name", ValidBody.Insert(1, $"\"{new string('p', 1_000_000)}\":1,"));
        yield return Post("100,001 recipients", "{\"subject\":\"s\",\"body\":\"b\",\"recipients\":[" + string.Join(',', Enumerable.Repeat("{\"emailAddress\":\"a@example.com\"}", 100_001)) + "]}");
        yield return Post("100,000 empty recipients", "{\"subject\":\"s\",\"body\":\"b\",\"recipients\":[" + string.Join(',', Enumerable.Repeat("{}", 100_000)) + "]}");
        yield return Post("100,000 null recipients", "{\"subject\":\"s\",\"body\":\"b\",\"recipients\":[" + string.Join(',', Enumerable.Repeat("null", 100_000)) + "]}");
        yield return Post("8 MB of empty recipients", "{\"subject\":\"a\",\"body\":\"b\",\"recipients\":[" + string.Join(',', Enumerable.Repeat("{}", 2_796_000)) + "]}");
        // Kestrel refuses a declared length over the limit at once; 100-continue lets the client hear the 413 before it sends.
        yield return Post("11 MB body", With("body", new string('b', 11 * 1024 * 1024)), also: r => r.Headers.ExpectContinue = true);
        yield return Post("many unknown properties", "{" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"\"p{i}\":{i},")) + ValidBody[1..]);
    }
}
