using System.Globalization;
using System.Net.Http.Headers;
using Notifications.Core.Common;

namespace Notifications.Integrations.Email.Acs;

/// <summary>
/// How long ACS asks us to wait: <c>retry-after-ms</c> or <c>x-ms-retry-after-ms</c> (milliseconds) when
/// present, else <c>Retry-After</c> as delta-seconds or an HTTP date. Header names are case-insensitive.
/// </summary>
public static class RetryAfterParser
{
    /// <summary>The wait when a 429 says nothing usable about it: the dispatcher's <see cref="Backoff.ProviderThrottle"/>.</summary>
    public static readonly TimeSpan Default = Backoff.ProviderThrottle;

    /// <summary>
    /// The longest wait honoured. A 429 pauses every send to the provider, so a garbled or hostile header must not stop
    /// dispatch for days; after this long the dispatcher simply asks again.
    /// </summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromHours(1);

    private static readonly string[] MillisecondHeaders = ["retry-after-ms", "x-ms-retry-after-ms"];

    /// <summary>The wait the headers ask for, or <see cref="Default"/> when they ask for none or it cannot be read.</summary>
    public static TimeSpan Parse(HttpResponseHeaders headers, DateTimeOffset now) => TryParse(headers, now) ?? Default;

    /// <summary>The wait the headers ask for (never negative, at most <see cref="Maximum"/>), or null when none can be read.</summary>
    public static TimeSpan? TryParse(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var name in MillisecondHeaders)
        {
            if (First(headers, name) is { } text
                && double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var milliseconds)
                && double.IsFinite(milliseconds))
            {
                return TimeSpan.FromMilliseconds(Math.Min(milliseconds, Maximum.TotalMilliseconds));
            }
        }

        return First(headers, "Retry-After") is { } value ? ParseRetryAfter(value, now) : null;
    }

    /// <summary>One <c>Retry-After</c> value: delta-seconds or an HTTP date; null when it is neither.</summary>
    public static TimeSpan? ParseRetryAfter(string value, DateTimeOffset now)
    {
        value = value.Trim();
        if (value.Length > 0 && value.All(char.IsAsciiDigit))
        {
            // A run of digits too long for a long is still "wait a very long time".
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < Maximum.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : Maximum;
        }

        if (RetryConditionHeaderValue.TryParse(value, out var condition) && condition.Date is { } date)
        {
            var wait = date - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < Maximum ? wait : Maximum;
        }

        return null;
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.First() : null;
}
