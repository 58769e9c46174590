using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Common;

/// <summary>Bound from <c>Email</c>: the default sender address put on every order's template.</summary>
public sealed class EmailDefaults
{
    [Required, EmailAddress]
    public string DefaultFromAddress { get; set; } = "noreply@notifications.local";
}
