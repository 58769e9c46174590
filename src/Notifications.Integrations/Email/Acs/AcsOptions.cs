using System.ComponentModel.DataAnnotations;

namespace Notifications.Integrations.Email.Acs;

/// <summary>
/// Bound from <c>Email:Acs</c> (README.md#configuration); validated at start-up when <c>Email:Provider</c> is
/// <c>AzureCommunicationServices</c>. The sender of each email is its <c>FromAddress</c> (<c>Email:DefaultFromAddress</c>),
/// which must be a verified sender of the ACS resource.
/// </summary>
public sealed class AcsOptions : IValidatableObject
{
    public const string Section = "Email:Acs";

    public const string DefaultApiVersion = "2023-03-31";

    /// <summary>
    /// <c>endpoint=https://&lt;resource&gt;.communication.azure.com/;accesskey=&lt;base64&gt;</c>. A secret: supply it through
    /// environment variables (<c>Email__Acs__ConnectionString</c>) or a secret store, not appsettings.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The ACS Email REST API version sent as <c>api-version</c>.</summary>
    [RegularExpression("^[0-9A-Za-z.-]+$", ErrorMessage = "Email:Acs:ApiVersion must look like '2023-03-31' or '2024-07-01-preview'.")]
    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>Sends per minute across all hosts (the resource's quota); 0 means no limit of our own, only ACS's 429s.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Email:Acs:SendsPerMinute must be 0 (unlimited) or a positive number.")]
    public int SendsPerMinute { get; set; }

    /// <summary>When set, enables the delivery-report webhook, which requires this key (query <c>code</c> or header <c>X-Delivery-Report-Key</c>).</summary>
    public string? DeliveryReportKey { get; set; }

    /// <summary>Limit for one request to ACS, from sending it to the last byte of the answer.</summary>
    [Range(1, 600, ErrorMessage = "Email:Acs:TimeoutSeconds must be between 1 and 600.")]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Sent as <c>userEngagementTrackingDisabled</c>: no open and click tracking unless switched off.</summary>
    public bool UserEngagementTrackingDisabled { get; set; } = true;

    /// <summary><see cref="SendsPerMinute"/> as <c>IEmailProvider.SendsPerMinute</c> wants it: null for no limit.</summary>
    public int? SendsPerMinuteLimit => SendsPerMinute > 0 ? SendsPerMinute : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Email:Acs:ConnectionString is required when Email:Provider is AzureCommunicationServices.", [nameof(ConnectionString)]);
        }
        else if (!AcsConnectionString.TryParse(ConnectionString, out _, out var error))
        {
            yield return new ValidationResult($"Email:Acs:ConnectionString is invalid: {error}", [nameof(ConnectionString)]);
        }

        if (string.IsNullOrWhiteSpace(ApiVersion))
        {
            yield return new ValidationResult("Email:Acs:ApiVersion must not be empty.", [nameof(ApiVersion)]);
        }
    }
}
