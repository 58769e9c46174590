using FluentValidation;
using FluentValidation.Results;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.CreateEmailOrder;

/// <summary>The v1 order with its messages; every rule it shares with the future API is one of <see cref="RegistrationRules"/>.</summary>
public sealed class CreateEmailOrderValidator : AbstractValidator<CreateEmailOrderCommand>
{
    private static readonly RecipientValidator Recipient = new();

    public CreateEmailOrderValidator(TimeProvider clock)
    {
        RuleFor(c => c.Subject).EmailSubject("The email template subject must not be empty.", "email template subject");
        RuleFor(c => c.Body).EmailBody("The email template body must not be empty.");
        RuleFor(c => c.ContentType).EmailContentType();

        RuleFor(c => c.Recipients)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("One or more recipient is required.")
            .Must(r => r!.Count <= RegistrationLimits.MaxRecipients).WithMessage(RegistrationLimits.TooManyRecipientsMessage)
            .Custom((recipients, context) => ValidateEachRecipient(recipients!, context));

        RuleFor(c => c.RequestedSendTime).SendTime(clock, "Send time must be in the future. Leave blank to send immediately.");
        RuleFor(c => c.ConditionEndpoint)
            .ConditionEndpoint("The condition endpoint must be a valid URL.", "The condition endpoint must be a valid URL.");
        RuleFor(c => c.SendersReference).SendersReference();
        RuleFor(c => c.ResourceId).ResourceId();

        // Keyed by the header's name: that is where the client put it.
        RuleFor(c => c.IdempotencyKey)
            .IdempotencyKey("The Idempotency-Key header must not be empty.", "The Idempotency-Key header", "Idempotency-Key header")
            .OverridePropertyName("Idempotency-Key")
            .When(c => c.IdempotencyKey is not null);
    }

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
}
