using System.Text;

namespace Notifications.Api.Tests.Http;

/// <summary>The corpus's content types, headers, ids and queries.</summary>
public sealed partial class HostileInputCorpusTests
{
    private static readonly string[] ContentTypeValues =
    [
        "application/json; charset=utf-16", "application/json; charset=utf-16le", "application/json; charset=utf-16be", "application/json; charset=unicode",
        "application/json; charset=latin1", "application/json; charset=iso-8859-1", "application/json; charset=windows-1252", "application/json; charset=us-ascii",
        "application/json; charset=utf-32", "application/json; charset=utf-7", "application/json; charset=bogus", "application/json; charset=",
        "application/json; charset=\"utf-8\"", "application/json; charset=UTF8", "application/json; charset=utf-8; charset=utf-16", "application/json;;;",
        "application/json; x", "APPLICATION/JSON", "application/problem+json", "application/json-patch+json", "application/*", "*/*", "text/json",
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream",
        "json", "", ";", "application/json\u00e6", "application/json; charset=\u00e6\u00f8\u00e5",
    ];

    private static readonly (string Name, Func<byte[]> Body)[] Encodings =
    [
        ("UTF-8", () => Encoding.UTF8.GetBytes(ValidBody)),
        ("UTF-16LE", () => Encoding.Unicode.GetBytes(ValidBody)),
        ("UTF-16BE", () => Encoding.BigEndianUnicode.GetBytes(ValidBody)),
        ("UTF-16 with a BOM", () => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(ValidBody)]),
        ("UTF-16 odd length", () => [.. Encoding.Unicode.GetBytes(ValidBody), 0x41]),
        ("UTF-16 lone surrogate", () => Encoding.Unicode.GetBytes(ValidBody).Concat(new byte[] { 0x00, 0xD8 }).ToArray()),
        ("UTF-16 lone surrogate in subject", () => [.. Encoding.Unicode.GetBytes(ValidBody[..12]), 0x00, 0xD8, .. Encoding.Unicode.GetBytes(ValidBody[12..])]),
        ("Latin-1", () => Encoding.Latin1.GetBytes(ValidBody.Replace("\"s\"", "\"\u00e6\u00f8\u00e5\""))),
        ("UTF-32", () => Encoding.UTF32.GetBytes(ValidBody)),
        ("empty", () => []),
    ];

    /// <summary>Each content type with each encoding of a body.</summary>
    private static IEnumerable<Probe> ContentTypes() =>
        ContentTypeValues.SelectMany(ct => Encodings.Select(e => PostBytes($"Content-Type '{ct}' with {e.Name}", e.Body(), ct)))
            .Append(new Probe("no Content-Type", bearer =>
            {
                var request = Request(HttpMethod.Post, EmailOrdersUrl, bearer);
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(ValidBody));
                return request;
            }))
            .Append(Post("Content-Encoding gzip that is not", ValidBody, also: r => r.Content!.Headers.TryAddWithoutValidation("Content-Encoding", "gzip")));

    private static readonly string[] IdempotencyKeys =
    [
        "", " ", new string('k', 255), new string('k', 256), new string('k', 8_000), "\u00e6\u00f8\u00e5", "\u00ff", "key\u007f", "k,k", "\"quoted\"",
        "key; other", "../../etc/passwd", "' OR 1=1 --", "%00", "\\", "{}",
    ];

    /// <summary>Odd and oversized headers: Idempotency-Key, credentials, Accept, and sheer size.</summary>
    private static IEnumerable<Probe> Headers()
    {
        foreach (var key in IdempotencyKeys)
        {
            yield return Post($"Idempotency-Key '{Shorten(key)}'", ValidBody, also: r => r.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        }

        yield return Post("two Idempotency-Key headers", ValidBody, also: r => r.Headers.TryAddWithoutValidation("Idempotency-Key", ["a", "b"]));

        string[] credentials = ["Bearer", "Bearer ", "Bearer x", "Bearer a.b.c", "Bearer ...", "Basic dXNlcjpwYXNz", "Bearer " + new string('a', 16_000),
            "Bearer " + TestTokens.AlgNone(), "Bearer \u00e6\u00f8\u00e5", "bearer", "Bearer eyJhbGciOiJub25lIn0.e30.", "Bearer %00"];
        foreach (var endpoint in Endpoints(Guid.NewGuid().ToString()))
        {
            foreach (var credential in credentials)
            {
                yield return Send($"{endpoint.Method} {endpoint.Url} with Authorization '{Shorten(credential)}'", endpoint.Method, endpoint.Url, r =>
                {
                    r.Headers.Authorization = null;
                    r.Headers.TryAddWithoutValidation("Authorization", credential);
                    endpoint.AddBody?.Invoke(r);
                });
                yield return Send($"{endpoint.Method} {endpoint.Url} with PlatformAccessToken '{Shorten(credential)}'", endpoint.Method, endpoint.Url, r =>
                {
                    r.Headers.Authorization = null;
                    r.Headers.TryAddWithoutValidation("PlatformAccessToken", credential.Replace("Bearer ", ""));
                    endpoint.AddBody?.Invoke(r);
                });
            }

            foreach (var (name, value) in new[]
            {
                ("Accept", "application/xml"), ("Accept", "text/html;q=abc"), ("Accept", "*/*;;;"), ("Accept-Charset", "utf-16"),
                ("X-Padding", new string('x', 20_000)), ("X-Huge", new string('x', 70_000)), ("Host", "evil.example"), ("Content-Length", "abc"),
                ("X-Forwarded-Host", "evil.example"), ("X-Forwarded-Proto", "gopher"), ("Expect", "100-continue"),
                ("If-None-Match", "\"x\""), ("Range", "bytes=0-1"), ("X-Latin1", "\u00e6\u00f8\u00e5"),
            })
            {
                yield return Send($"{endpoint.Method} {endpoint.Url} with {name}: {Shorten(value)}", endpoint.Method, endpoint.Url, r =>
                {
                    r.Headers.TryAddWithoutValidation(name, value);
                    endpoint.AddBody?.Invoke(r);
                });
            }

            yield return Send($"{endpoint.Method} {endpoint.Url} with 300 headers", endpoint.Method, endpoint.Url, r =>
            {
                for (var i = 0; i < 300; i++)
                {
                    r.Headers.TryAddWithoutValidation($"X-H{i}", "v");
                }

                endpoint.AddBody?.Invoke(r);
            });
        }
    }

    private sealed record Endpoint(HttpMethod Method, string Url, Action<HttpRequestMessage>? AddBody = null);

    private static IEnumerable<Endpoint> Endpoints(string id) =>
    [
        new(HttpMethod.Post, EmailOrdersUrl, r => r.Content = new StringContent(ValidBody, Encoding.UTF8, "application/json")),
        new(HttpMethod.Get, $"{OrdersUrl}/{id}"),
        new(HttpMethod.Get, $"{OrdersUrl}/{id}/status"),
        new(HttpMethod.Get, $"{OrdersUrl}/{id}/notifications/email"),
        new(HttpMethod.Put, $"{OrdersUrl}/{id}/cancel"),
        new(HttpMethod.Get, $"{OrdersUrl}?sendersReference=ref"),
    ];

    private static readonly string[] OddIds =
    [
        "x", "%00", "%2500", "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}", "(00000000-0000-0000-0000-000000000000)",
        "00000000000000000000000000000000", "0x00000000", new string('a', 5_000), new string('0', 20_000), "..%2F..%2Fhealth", "%FF", "%C3%A6",
        "-1", "1e999", "%20", "null", "undefined", "' OR 1=1 --", "%E2%80%AE", "a%0Ab", "%uD800",
    ];

    private static readonly string[] OddQueries =
    [
        "sendersReference=%FF", "sendersReference=%C3", "sendersReference=%ZZ", "sendersReference=%", "sendersReference=a&sendersReference=b",
        "sendersReference[]=a", "sendersReference[0]=a", "SENDERSREFERENCE=a", "sendersReference=" + new string('r', 101),
        "sendersReference=" + new string('r', 7_000), "sendersReference=" + new string('r', 100_000), "sendersReference=%E2%80%AE", "sendersReference=%F0%9F%98%80",
        "sendersReference=' OR 1=1 --", "sendersReference=%25", "sendersReference=+", "sendersReference=%20", "sendersReference", "=x", "&&&", "a=%00&sendersReference=r",
        "sendersReference=r&" + string.Join('&', Enumerable.Range(0, 2_000).Select(i => $"p{i}=v")),
    ];

    /// <summary>Odd ids on every id route, odd queries on every route, and methods the routes do not have.</summary>
    private static IEnumerable<Probe> OddIdsAndQueries()
    {
        foreach (var id in OddIds)
        {
            foreach (var endpoint in Endpoints(id).Where(e => e.Url.Contains(id)))
            {
                yield return Send($"{endpoint.Method} id '{Shorten(id)}' {endpoint.Url.Length}", endpoint.Method, endpoint.Url);
            }
        }

        var someId = Guid.NewGuid().ToString();
        foreach (var query in OddQueries)
        {
            foreach (var endpoint in Endpoints(someId))
            {
                var url = endpoint.Url.Split('?')[0] + "?" + query;
                yield return Send($"{endpoint.Method} {endpoint.Url.Split('?')[0]}?{Shorten(query)}", endpoint.Method, url, r => endpoint.AddBody?.Invoke(r));
            }
        }

        foreach (var method in new[] { HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Options, new HttpMethod("PROPFIND") })
        {
            foreach (var endpoint in Endpoints(someId))
            {
                yield return Send($"{method} {endpoint.Url}", method, endpoint.Url);
            }
        }
    }

    private static string Shorten(string value) => value.Length > 40 ? $"{value[..20]}…({value.Length})" : value;
}
