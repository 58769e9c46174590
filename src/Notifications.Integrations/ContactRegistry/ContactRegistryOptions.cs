using System.ComponentModel.DataAnnotations;

namespace Notifications.Integrations.ContactRegistry;

public enum ContactRegistryProvider
{
    File,
    AltinnProfile,
}

/// <summary>Bound from <c>ContactRegistry</c>.</summary>
public sealed class ContactRegistryOptions : IValidatableObject
{
    public const string Section = "ContactRegistry";

    public ContactRegistryProvider Provider { get; set; } = ContactRegistryProvider.File;

    /// <summary>The JSON registry for the File provider; relative paths are resolved against the content root.</summary>
    public string File { get; set; } = "config/contact-registry.sample.json";

    /// <summary>Altinn Profile API base address, ending in <c>/profile/api/v1/</c>.</summary>
    public Uri? ProfileBaseUrl { get; set; }

    /// <summary>Altinn Register API base address, ending in <c>/register/api/v1/</c>.</summary>
    public Uri? RegisterBaseUrl { get; set; }

    /// <summary>
    /// Optional Altinn platform access token sent as the <c>PlatformAccessToken</c> header on calls to Register
    /// (the real <c>parties/nameslookup</c> requires one; Profile does not). Not sent when empty. It is a secret:
    /// supply it through environment variables or a secret store, not appsettings.
    /// </summary>
    public string? PlatformAccessToken { get; set; }

    /// <summary>
    /// A PEM private key (RSA or EC), or a PEM certificate with its private key, as text or a file path (relative to the
    /// content root). When set, the service mints its own short-lived platform access tokens for Register
    /// (<see cref="PlatformAccessTokens"/>) instead of sending <see cref="PlatformAccessToken"/>. A secret, like the token.
    /// </summary>
    public string? PlatformAccessTokenSigningKey { get; set; }

    /// <summary>Timeout for one call to Profile or Register.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == ContactRegistryProvider.File && string.IsNullOrWhiteSpace(File))
        {
            yield return new ValidationResult("ContactRegistry:File is required for the File provider.", [nameof(File)]);
        }

        if (!string.IsNullOrWhiteSpace(PlatformAccessToken) && !string.IsNullOrWhiteSpace(PlatformAccessTokenSigningKey))
        {
            yield return new ValidationResult(
                "Set ContactRegistry:PlatformAccessToken or ContactRegistry:PlatformAccessTokenSigningKey, not both.",
                [nameof(PlatformAccessToken), nameof(PlatformAccessTokenSigningKey)]);
        }

        if (Provider == ContactRegistryProvider.AltinnProfile && (ProfileBaseUrl is not { IsAbsoluteUri: true } || RegisterBaseUrl is not { IsAbsoluteUri: true }))
        {
            yield return new ValidationResult(
                "ContactRegistry:ProfileBaseUrl and ContactRegistry:RegisterBaseUrl must be absolute URLs for the AltinnProfile provider.",
                [nameof(ProfileBaseUrl), nameof(RegisterBaseUrl)]);
        }
    }
}
