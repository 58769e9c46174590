using System.Security.Cryptography;
using System.Text;
using Notifications.Integrations.Email.Acs;

namespace Notifications.Api.Auth;

/// <summary>
/// Bound from <c>Email:Acs</c>: the shared key that guards the delivery-report webhook. Event Grid cannot present a
/// token, so the key travels in the subscription's URL (<c>?code=</c>) or in the <c>X-Delivery-Report-Key</c> header.
/// Read here rather than from the Integrations' ACS options so the endpoint does not depend on which provider sends.
/// </summary>
public sealed class DeliveryReportKeyOptions
{
    public const string Section = AcsOptions.Section;

    /// <summary>The query parameter Event Grid's subscription URL carries the key in.</summary>
    public const string QueryName = "code";

    /// <summary>The header other callers may put the key in instead.</summary>
    public const string HeaderName = "X-Delivery-Report-Key";

    /// <summary>When unset (or blank) the delivery-report endpoint answers 404.</summary>
    public string? DeliveryReportKey { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(DeliveryReportKey);

    /// <summary>True when <paramref name="presented"/> is the configured key; compared in constant time.</summary>
    public bool Accepts(string? presented) =>
        Enabled && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(DeliveryReportKey!));
}
