using System.ComponentModel.DataAnnotations;

namespace Notifications.Api;

/// <summary>Bound from <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Requests with a larger body are answered 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The scheme and host put in Location headers and links; the request's own when unset.</summary>
    public string? PublicBaseUrl { get; set; }
}
