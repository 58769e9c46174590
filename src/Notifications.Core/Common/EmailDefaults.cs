using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Common;

/// <summary>Bound from <c>Email</c>: the default sender address put on every order's template, and the senders a future order may name.</summary>
public sealed class EmailDefaults
{
    /// <summary>The Integrations' email options bind the same section.</summary>
    public const string Section = "Email";

    [Required, EmailAddress]
    public string DefaultFromAddress { get; set; } = "noreply@notifications.local";

    /// <summary>
    /// The domains a future order's <c>senderEmailAddress</c> may be in (e.g. the domains verified with the provider);
    /// empty: any valid address.
    /// </summary>
    public IList<string> AllowedSenderDomains { get; } = [];

    /// <summary>The sender of an order that names <paramref name="requested"/>: absent or empty means the default.</summary>
    public string SenderOr(string? requested) => string.IsNullOrEmpty(requested) ? DefaultFromAddress : requested;

    public bool AllowsSender(string address) =>
        AllowedSenderDomains.Count == 0
        || AllowedSenderDomains.Contains(address[(address.LastIndexOf('@') + 1)..], StringComparer.OrdinalIgnoreCase);
}
