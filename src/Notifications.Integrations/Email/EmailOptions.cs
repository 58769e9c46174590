using System.ComponentModel.DataAnnotations;
using System.Net;
using MailKit.Security;
using Microsoft.Extensions.Configuration;

namespace Notifications.Integrations.Email;

/// <summary>Which email provider sends the emails (<c>Email:Provider</c>).</summary>
public enum EmailProviderKind
{
    /// <summary>Writes one <c>.eml</c> file per email to <see cref="EmailOptions.PickupDirectory"/>.</summary>
    Pickup,

    /// <summary>Sends through an SMTP server (<see cref="EmailOptions.Smtp"/>).</summary>
    Smtp,

    /// <summary>Sends through Azure Communication Services Email (<c>Email:Acs</c>, <see cref="Acs.AcsOptions"/>).</summary>
    AzureCommunicationServices,
}

/// <summary>
/// Bound from <c>Email</c>. <c>Email:DefaultFromAddress</c> lives in Core's <c>EmailDefaults</c>, which binds the same
/// section.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    public const string DefaultPickupDirectory = "outbox";

    public EmailProviderKind Provider { get; set; } = EmailProviderKind.Pickup;

    /// <summary>
    /// The provider <c>Email:Provider</c> names, for choices made while services are registered (the provider's own
    /// services, the status-poll job). Parsed as the binder parses <see cref="Provider"/>: case-insensitively, unset
    /// meaning Pickup. Null when it names no provider; binding these options then fails start-up with the binder's message.
    /// </summary>
    public static EmailProviderKind? ConfiguredProvider(IConfiguration configuration) =>
        configuration[$"{Section}:{nameof(Provider)}"] is not { } value || string.IsNullOrEmpty(value) ? EmailProviderKind.Pickup
        : Enum.TryParse<EmailProviderKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind
        : null;

    /// <summary>Where the Pickup provider writes; relative paths (and the default <c>outbox</c>) are resolved against the content root.</summary>
    public string? PickupDirectory { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public string ResolvePickupDirectory(string contentRootPath) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(PickupDirectory) ? DefaultPickupDirectory : PickupDirectory, contentRootPath);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider != EmailProviderKind.Smtp)
        {
            yield break;
        }

        // ValidateDataAnnotations does not descend into nested objects, and Smtp's settings matter only when it is used.
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Smtp, new ValidationContext(Smtp), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return new ValidationResult(
                result.ErrorMessage,
                result.MemberNames.Select(m => $"{nameof(Smtp)}.{m}").ToList());
        }
    }
}

/// <summary>
/// Bound from <c>Email:Smtp</c>; used when <c>Email:Provider</c> is <c>Smtp</c>. A password is never sent in the clear
/// (README.md#configuration): with a <see cref="User"/>, <c>Auto</c> needs TLS; <c>None</c> only with a loopback host.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    /// <summary>Implicit TLS (RFC 8314); MailKit's Auto uses TLS on connect for it too.</summary>
    public const int ImplicitTlsPort = 465;

    [Required(ErrorMessage = "Email:Smtp:Host is required when Email:Provider is Smtp.")]
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535, ErrorMessage = "Email:Smtp:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 25;

    /// <summary>
    /// <c>None</c> | <c>StartTls</c> | <c>SslOnConnect</c> | <c>Auto</c> (MailKit's meaning: TLS on connect for port 465,
    /// else STARTTLS when the server offers it).
    /// </summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>When set, the session authenticates after connecting.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Limit for connecting and for each SMTP command.</summary>
    [Range(1, 600, ErrorMessage = "Email:Smtp:TimeoutSeconds must be between 1 and 600.")]
    public int TimeoutSeconds { get; set; } = 30;

    private bool HasUser => !string.IsNullOrEmpty(User);

    /// <summary>
    /// What the session connects with. MailKit's Auto falls back to plain text when the server offers no STARTTLS, which a
    /// man in the middle can arrange; with credentials to protect, Auto means TLS or no connection.
    /// </summary>
    public SecureSocketOptions EffectiveSecurity =>
        Security == SecureSocketOptions.Auto && HasUser
            ? Port == ImplicitTlsPort ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls
            : Security;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HasUser && Security == SecureSocketOptions.None && !IsLoopback(Host))
        {
            yield return new ValidationResult(
                "Email:Smtp:Security None would send Email:Smtp:User's password in the clear: use StartTls, SslOnConnect or Auto (or a loopback host).",
                [nameof(Security)]);
        }
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
