using System.ComponentModel.DataAnnotations;

namespace Notifications.Integrations.SendCondition;

/// <summary>Bound from <c>SendCondition</c> (README.md#configuration).</summary>
public sealed class SendConditionOptions
{
    public const string Section = "SendCondition";

    /// <summary>
    /// Lets condition endpoints resolve to loopback, private, link-local and metadata addresses. Only for development:
    /// in production it would let an order's creator make the service call into its own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Time for one check, from DNS lookup to the last byte of the answer, redirects included.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;
}
