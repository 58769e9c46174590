using FluentValidation;
using FluentValidation.Results;

namespace Notifications.Core.Orders.CreateEmailOrder;

public sealed class CreateEmailOrderValidator : AbstractValidator<CreateEmailOrderCommand>
{
    public const int MaxSubjectLength = 1_000;
    public const int MaxSendersReferenceLength = 100;
    public const int MaxResourceIdLength = 255;
    public const int MaxRecipients = 100_000;
    public const int MaxIdempotencyKeyLength = 255;

    public static readonly string TooManyRecipientsMessage = $"An order can have at most {MaxRecipients} recipients.";

    /// <summary>Clients' clocks drift; a send time this far in the past still counts as "now".</summary>
    public static readonly TimeSpan SendTimeGrace = TimeSpan.FromMinutes(5);

    private static readonly RecipientValidator Recipient = new();

    public CreateEmailOrderValidator(TimeProvider clock)
    {
        RuleFor(c => c.Subject)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The email template subject must not be empty.")
            .MaximumLength(MaxSubjectLength).WithMessage($"The email template subject must not be longer than {MaxSubjectLength} characters.")
            .NoControlCharacters("subject");
        RuleFor(c => c.Body)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The email template body must not be empty.")
            .Must(b => !ControlCharacters.AnyBesidesLineBreaksAndTabs(b)).WithMessage(ControlCharacters.MessageFor("body"));

        RuleFor(c => c.Recipients)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("One or more recipient is required.")
            .Must(r => r!.Count <= MaxRecipients).WithMessage(TooManyRecipientsMessage)
            .Custom((recipients, context) => ValidateEachRecipient(recipients!, context));

        RuleFor(c => c.RequestedSendTime)
            .Must(t => t!.Value.Kind != DateTimeKind.Unspecified)
            .WithMessage("The requested send time value must have specified a time zone.")
            .DependentRules(() => RuleFor(c => c.RequestedSendTime)
                .Must(t => t!.Value.ToUniversalTime() >= clock.GetUtcNow().UtcDateTime - SendTimeGrace)
                .WithMessage("Send time must be in the future. Leave blank to send immediately."))
            .When(c => c.RequestedSendTime is not null);

        RuleFor(c => c.ConditionEndpoint)
            .Cascade(CascadeMode.Stop)
            .NoControlCharacters("condition endpoint")
            .Must(BeAbsoluteHttpUrl).WithMessage("The condition endpoint must be a valid URL.")
            .When(c => c.ConditionEndpoint is not null);

        RuleFor(c => c.SendersReference)
            .Cascade(CascadeMode.Stop)
            .MaximumLength(MaxSendersReferenceLength)
            .WithMessage($"The senders reference must not be longer than {MaxSendersReferenceLength} characters.")
            .NoControlCharacters("senders reference");
        RuleFor(c => c.ResourceId)
            .Cascade(CascadeMode.Stop)
            .MaximumLength(MaxResourceIdLength)
            .WithMessage($"The resource id must not be longer than {MaxResourceIdLength} characters.")
            .NoControlCharacters("resource id");

        // Keyed by the header's name: that is where the client put it.
        RuleFor(c => c.IdempotencyKey)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The Idempotency-Key header must not be empty.")
            .MaximumLength(MaxIdempotencyKeyLength)
            .WithMessage($"The Idempotency-Key header must not be longer than {MaxIdempotencyKeyLength} characters.")
            .NoControlCharacters("Idempotency-Key header")
            .OverridePropertyName("Idempotency-Key")
            .When(c => c.IdempotencyKey is not null);
    }

    /// <summary>Whether the key passes the rules above, so it can be looked up (PostgreSQL refuses a NUL in it).</summary>
    public static bool IsWellFormedIdempotencyKey(string key) =>
        !string.IsNullOrWhiteSpace(key) && key.Length <= MaxIdempotencyKeyLength && !ControlCharacters.Any(key);

    /// <summary>
    /// RuleForEach would report every failing recipient: 100,000 empty ones made a 368 MB answer and took half a minute.
    /// This loop reports under the same keys (<c>Recipients[3].EmailAddress</c>) and stops at the behaviour's cap.
    /// </summary>
    private static void ValidateEachRecipient(IReadOnlyList<RecipientInput?> recipients, ValidationContext<CreateEmailOrderCommand> context)
    {
        var reported = 0;
        for (var i = 0; i < recipients.Count && reported < ValidationLimits.MaxFailures; i++)
        {
            if (recipients[i] is not { } recipient)
            {
                context.AddFailure(new ValidationFailure($"Recipients[{i}]", RecipientValidator.MissingIdentifierMessage));
                reported++;
                continue;
            }

            foreach (var failure in Recipient.Validate(recipient).Errors)
            {
                var key = failure.PropertyName.Length == 0 ? $"Recipients[{i}]" : $"Recipients[{i}].{failure.PropertyName}";
                context.AddFailure(new ValidationFailure(key, failure.ErrorMessage));
                reported++;
            }
        }
    }

    private static bool BeAbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
