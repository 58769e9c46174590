using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Integrations.Email.Acs;

/// <summary>
/// Signs each ACS request: HMAC-SHA256 of method, path+query, date, host, body hash (docs/architecture.md#contracts).
/// </summary>
/// <remarks>
/// It must be the innermost handler (added last to the client's builder), so that any retry layer above it gets a fresh
/// date and signature on each attempt. We add no HTTP-level retry ourselves: the dispatcher decides when an email is
/// tried again (it pauses every send on a 429 and backs off on 5xx and timeouts), and each try goes through here anew.
/// </remarks>
public sealed class AcsHmacSigningHandler(AcsConnectionString connection, TimeProvider time) : DelegatingHandler
{
    public const string DateHeader = "x-ms-date";
    public const string ContentHashHeader = "x-ms-content-sha256";
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[] body = [];
        if (request.Content is { } content)
        {
            // The hash must cover the bytes that go on the wire. Content that serialises differently each time (a stream,
            // JSON written on the fly) is read once and replaced by exactly those bytes.
            body = await content.ReadAsByteArrayAsync(cancellationToken);
            request.Content = Buffered(content, body);
        }

        Sign(request, body, time.GetUtcNow(), connection.AccessKey.Span);
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Sets <c>x-ms-date</c>, <c>x-ms-content-sha256</c> and <c>Authorization</c> on a request with an absolute URI.</summary>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, DateTimeOffset date, ReadOnlySpan<byte> key)
    {
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new InvalidOperationException("ACS requests are signed over an absolute URI.");
        var contentHash = ContentHash(body);
        var dateText = FormatDate(date);
        var signature = ComputeSignature(StringToSign(request.Method.Method, uri, dateText, contentHash), key);

        request.Headers.Remove(DateHeader);
        request.Headers.Remove(ContentHashHeader);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(DateHeader, dateText);
        request.Headers.TryAddWithoutValidation(ContentHashHeader, contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", AuthorizationValue(signature));
    }

    /// <summary><c>Base64(SHA256(body))</c>; an empty body gives <c>47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</c>.</summary>
    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>RFC 1123 in UTC, e.g. <c>Tue, 01 Jul 2025 12:00:00 GMT</c>.</summary>
    public static string FormatDate(DateTimeOffset date) => date.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>VERB\nPathAndQuery\ndate;host;contentHash</c>, where host is <see cref="Uri.Authority"/> (with the port only when
    /// it is not the scheme's default), as the <c>Host</c> header HttpClient sends.
    /// </summary>
    public static string StringToSign(string method, Uri uri, string date, string contentHash) =>
        $"{method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";

    /// <summary><c>Base64(HMACSHA256(key, UTF8(stringToSign)))</c>, with the access key already base64-decoded.</summary>
    public static string ComputeSignature(string stringToSign, ReadOnlySpan<byte> key) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    public static string AuthorizationValue(string signature) => $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}";

    private static ByteArrayContent Buffered(HttpContent original, byte[] body)
    {
        var buffered = new ByteArrayContent(body);
        foreach (var header in original.Headers)
        {
            // The new content knows its own length; everything else (Content-Type above all) carries over.
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        original.Dispose();
        return buffered;
    }
}
