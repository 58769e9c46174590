namespace Notifications.Integrations.Email.Acs;

/// <summary>
/// An Azure Communication Services connection string, <c>endpoint=https://x.communication.azure.com/;accesskey=BASE64</c>
/// (docs/architecture.md#contracts). The key is a secret: <see cref="ToString"/> and every parse error leave it out.
/// </summary>
public sealed class AcsConnectionString
{
    private readonly byte[] _accessKey;

    private AcsConnectionString(Uri endpoint, byte[] accessKey)
    {
        Endpoint = endpoint;
        _accessKey = accessKey;
    }

    /// <summary>The resource's base address, ending in <c>/</c> (fit for <see cref="HttpClient.BaseAddress"/>).</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// The base address without the trailing <c>/</c>, for building request URLs as <c>EndpointUrl + "/emails:send"</c>
    /// (a relative <c>emails:send</c> would parse as a URI with the scheme <c>emails</c>).
    /// </summary>
    public string EndpointUrl => Endpoint.AbsoluteUri.TrimEnd('/');

    /// <summary>The base64-decoded access key, the HMAC key for request signing.</summary>
    public ReadOnlyMemory<byte> AccessKey => _accessKey;

    /// <summary>
    /// Parses <c>key=value</c> pairs separated by <c>;</c>. Each pair splits at its first <c>=</c> (base64 keys end in
    /// <c>=</c> padding), keys are case-insensitive, blanks around keys and values and empty segments are ignored, and
    /// unknown keys are ignored.
    /// </summary>
    /// <exception cref="FormatException">The string lacks a part, or a part is malformed. The message never includes the key.</exception>
    public static AcsConnectionString Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The ACS connection string is empty; expected 'endpoint=https://<resource>.communication.azure.com/;accesskey=<base64>'.");
        }

        string? endpointText = null;
        string? accessKeyText = null;
        var segments = connectionString.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var separator = segments[i].IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                // The segment itself is not quoted: a pasted key without its name would end up in the logs.
                throw new FormatException($"The ACS connection string's part {i + 1} is not of the form 'key=value'.");
            }

            var key = segments[i][..separator].Trim();
            var value = segments[i][(separator + 1)..].Trim();
            if (key.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpointText = endpointText is null ? value : throw Duplicate("endpoint");
            }
            else if (key.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                accessKeyText = accessKeyText is null ? value : throw Duplicate("accesskey");
            }
        }

        if (string.IsNullOrEmpty(endpointText))
        {
            throw new FormatException("The ACS connection string has no 'endpoint'.");
        }

        if (string.IsNullOrEmpty(accessKeyText))
        {
            throw new FormatException("The ACS connection string has no 'accesskey'.");
        }

        return new AcsConnectionString(ParseEndpoint(endpointText), ParseAccessKey(accessKeyText));
    }

    /// <summary>Like <see cref="Parse"/>, but answers the error message instead of throwing.</summary>
    public static bool TryParse(string? connectionString, out AcsConnectionString? result, out string? error)
    {
        try
        {
            result = Parse(connectionString);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            result = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>The endpoint only: the access key is never written out.</summary>
    public override string ToString() => $"endpoint={EndpointUrl};accesskey=***";

    private static Uri ParseEndpoint(string text)
    {
        // http is allowed so tests and local fakes can stand in for ACS; Azure itself is always https.
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new FormatException("The ACS connection string's 'endpoint' must be an absolute http or https URL without query, fragment or user info.");
        }

        return new Uri(uri.AbsoluteUri.TrimEnd('/') + "/", UriKind.Absolute);
    }

    private static byte[] ParseAccessKey(string text)
    {
        var buffer = new byte[text.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written == 0)
        {
            throw new FormatException("The ACS connection string's 'accesskey' is not valid base64.");
        }

        return buffer[..written];
    }

    private static FormatException Duplicate(string key) => new($"The ACS connection string has '{key}' more than once.");
}
