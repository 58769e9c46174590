using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Common;

/// <summary>Bound from <c>Email</c>: the default sender address put on every order's template.</summary>
public sealed class EmailDefaults
{
    /// <summary>The Integrations' email options bind the same section.</summary>
    public const string Section = "Email";

    [Required, EmailAddress]
    public string DefaultFromAddress { get; set; } = "noreply@notifications.local";
}
