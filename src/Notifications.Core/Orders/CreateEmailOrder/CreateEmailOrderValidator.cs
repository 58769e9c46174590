using FluentValidation;
using Notifications.Core.Domain;

namespace Notifications.Core.Orders.CreateEmailOrder;

public sealed class CreateEmailOrderValidator : AbstractValidator<CreateEmailOrderCommand>
{
    public const int MaxSubjectLength = 1_000;
    public const int MaxSendersReferenceLength = 100;
    public const int MaxResourceIdLength = 255;
    public const int MaxRecipients = 100_000;
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>Clients' clocks drift; a send time this far in the past still counts as "now".</summary>
    public static readonly TimeSpan SendTimeGrace = TimeSpan.FromMinutes(5);

    public CreateEmailOrderValidator(TimeProvider clock)
    {
        RuleFor(c => c.Subject)
            .NotEmpty().WithMessage("The email template subject must not be empty.")
            .MaximumLength(MaxSubjectLength).WithMessage($"The email template subject must not be longer than {MaxSubjectLength} characters.");
        RuleFor(c => c.Body)
            .NotEmpty().WithMessage("The email template body must not be empty.");

        RuleFor(c => c.Recipients)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("One or more recipient is required.")
            .Must(r => r!.Count <= MaxRecipients).WithMessage($"An order can have at most {MaxRecipients} recipients.");
        RuleForEach(c => c.Recipients)
            .NotNull().WithMessage(RecipientValidator.MissingIdentifierMessage)
            .SetValidator(new RecipientValidator()!);

        RuleFor(c => c.RequestedSendTime)
            .Must(t => t!.Value.Kind != DateTimeKind.Unspecified)
            .WithMessage("The requested send time value must have specified a time zone.")
            .DependentRules(() => RuleFor(c => c.RequestedSendTime)
                .Must(t => t!.Value.ToUniversalTime() >= clock.GetUtcNow().UtcDateTime - SendTimeGrace)
                .WithMessage("Send time must be in the future. Leave blank to send immediately."))
            .When(c => c.RequestedSendTime is not null);

        RuleFor(c => c.ConditionEndpoint)
            .Must(BeAbsoluteHttpUrl).WithMessage("The condition endpoint must be a valid URL.")
            .When(c => c.ConditionEndpoint is not null);

        RuleFor(c => c.SendersReference)
            .MaximumLength(MaxSendersReferenceLength)
            .WithMessage($"The senders reference must not be longer than {MaxSendersReferenceLength} characters.");
        RuleFor(c => c.ResourceId)
            .MaximumLength(MaxResourceIdLength)
            .WithMessage($"The resource id must not be longer than {MaxResourceIdLength} characters.");

        // Keyed by the header's name: that is where the client put it.
        RuleFor(c => c.IdempotencyKey)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The Idempotency-Key header must not be empty.")
            .MaximumLength(MaxIdempotencyKeyLength)
            .WithMessage($"The Idempotency-Key header must not be longer than {MaxIdempotencyKeyLength} characters.")
            .OverridePropertyName("Idempotency-Key")
            .When(c => c.IdempotencyKey is not null);
    }

    private static bool BeAbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
