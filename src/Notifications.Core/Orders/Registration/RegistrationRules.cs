using FluentValidation;

namespace Notifications.Core.Orders.Registration;

/// <summary>
/// The rules every registration endpoint shares, each written once (docs/architecture.md#registration). The messages
/// that differ between endpoints are parameters, so each keeps Altinn's exact texts; those that do not are written here.
/// </summary>
public static class RegistrationRules
{
    public const string SendTimeWithoutZoneMessage = "The requested send time value must have specified a time zone.";
    public const string NationalIdentityNumberMessage = "National identity number must be 11 digits long.";
    public const string OrganizationNumberMessage = "Organization number must be 9 digits long.";
    public const string InvalidEmailAddressMessage = "Invalid email address format.";

    /// <summary>A zone, then not in the past (with <see cref="RegistrationLimits.SendTimeGrace"/>); absent means now.</summary>
    public static IRuleBuilderOptions<T, DateTime?> SendTime<T>(this IRuleBuilderInitial<T, DateTime?> rule, TimeProvider clock, string inThePastMessage) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(t => t is null || t.Value.Kind != DateTimeKind.Unspecified).WithMessage(SendTimeWithoutZoneMessage)
            .Must(t => t is null || t.Value.ToUniversalTime() >= clock.GetUtcNow().UtcDateTime - RegistrationLimits.SendTimeGrace)
            .WithMessage(inThePastMessage);

    /// <summary>An absolute http or https URL with a host, or absent.</summary>
    /// <param name="notAbsoluteMessage">Not an absolute URL with a host.</param>
    /// <param name="notHttpMessage">Absolute, but neither http nor https.</param>
    public static IRuleBuilderOptions<T, string?> ConditionEndpoint<T>(this IRuleBuilderInitial<T, string?> rule, string notAbsoluteMessage, string notHttpMessage) =>
        rule.Cascade(CascadeMode.Stop)
            .NoControlCharacters("condition endpoint")
            .Must(e => e is null || (Uri.TryCreate(e, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))).WithMessage(notAbsoluteMessage)
            .Must(e => e is null || new Uri(e).Scheme is "http" or "https").WithMessage(notHttpMessage);

    public static IRuleBuilderOptions<T, string?> SendersReference<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .MaximumLength(RegistrationLimits.MaxSendersReferenceLength)
            .WithMessage($"The senders reference must not be longer than {RegistrationLimits.MaxSendersReferenceLength} characters.")
            .NoControlCharacters("senders reference");

    /// <summary>v1's resource id: at most 255 characters, no control characters (the future API checks its syntax first).</summary>
    public static IRuleBuilderOptions<T, string?> ResourceId<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .MaximumLength(RegistrationLimits.MaxResourceIdLength)
            .WithMessage($"The resource id must not be longer than {RegistrationLimits.MaxResourceIdLength} characters.")
            .NoControlCharacters("resource id");

    public static IRuleBuilderOptions<T, string?> DialogportenId<T>(this IRuleBuilderInitial<T, string?> rule, string field) =>
        rule.Cascade(CascadeMode.Stop)
            .MaximumLength(RegistrationLimits.MaxDialogportenIdLength)
            .WithMessage($"The {field} must not be longer than {RegistrationLimits.MaxDialogportenIdLength} characters.")
            .NoControlCharacters(field);

    /// <summary>Present, at most 255 characters, no control characters: exactly what <see cref="IdempotencyKeys.IsWellFormed"/> accepts.</summary>
    /// <param name="name">How the messages call it: "The Idempotency-Key header" (v1), "IdempotencyId" (future API).</param>
    public static IRuleBuilderOptions<T, string?> IdempotencyKey<T>(this IRuleBuilderInitial<T, string?> rule, string emptyMessage, string name, string field) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(emptyMessage)
            .MaximumLength(RegistrationLimits.MaxIdempotencyKeyLength)
            .WithMessage($"{name} must not be longer than {RegistrationLimits.MaxIdempotencyKeyLength} characters.")
            .NoControlCharacters(field);

    public static IRuleBuilderOptions<T, string?> NationalIdentityNumber<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Must(n => IsDigits(n, 11)).WithMessage(NationalIdentityNumberMessage);

    public static IRuleBuilderOptions<T, string?> OrganizationNumber<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Must(n => IsDigits(n, 9)).WithMessage(OrganizationNumberMessage);

    /// <summary>A recipient's address: no control characters, then <see cref="EmailAddressFormat"/>.</summary>
    public static IRuleBuilderOptions<T, string?> EmailAddress<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NoControlCharacters("email address")
            .Must(a => a is not null && EmailAddressFormat.IsValid(a)).WithMessage(InvalidEmailAddressMessage);

    private static bool IsDigits(string? value, int length) =>
        value is not null && value.Length == length && value.All(char.IsAsciiDigit);
}
