namespace Notifications.Core.Orders.Registration;

/// <summary>The limits every registration endpoint shares; each over-limit field is a 400 with its own message.</summary>
public static class RegistrationLimits
{
    public const int MaxSubjectLength = 1_000;
    public const int MaxSendersReferenceLength = 100;
    public const int MaxResourceIdLength = 255;
    public const int MaxRecipients = 100_000;
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxDialogportenIdLength = 255;

    public static readonly string TooManyRecipientsMessage = $"An order can have at most {MaxRecipients} recipients.";

    /// <summary>Clients' clocks drift; a send time this far in the past still counts as "now".</summary>
    public static readonly TimeSpan SendTimeGrace = TimeSpan.FromMinutes(5);
}

/// <summary>Idempotency keys (v1's header) and ids (the future API's body field) alike.</summary>
public static class IdempotencyKeys
{
    /// <summary>
    /// Whether the key passes <see cref="RegistrationRules.IdempotencyKey{T}"/>, so it can be looked up (PostgreSQL
    /// refuses a NUL in it). Blank counts as empty, as FluentValidation's <c>NotEmpty</c> has it.
    /// </summary>
    public static bool IsWellFormed(string? key) =>
        !string.IsNullOrWhiteSpace(key) && key.Length <= RegistrationLimits.MaxIdempotencyKeyLength && !ControlCharacters.Any(key);

    /// <summary>How the client named the key, for a conflict's message.</summary>
    public static string NameIn(IdempotencyScope scope) => scope == IdempotencyScope.OrderKey ? "Idempotency-Key" : "idempotencyId";
}
