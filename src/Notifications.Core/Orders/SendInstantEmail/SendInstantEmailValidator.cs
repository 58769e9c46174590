using FluentValidation;
using Notifications.Core.Orders.CreateEmailOrder;
using Notifications.Core.Orders.CreateOrderChain;

namespace Notifications.Core.Orders.SendInstantEmail;

/// <summary>The instant email request with Altinn's messages, keyed by the JSON's property paths in PascalCase.</summary>
public sealed class SendInstantEmailValidator : AbstractValidator<SendInstantEmailCommand>
{
    public SendInstantEmailValidator(IOptions<EmailDefaults> emailDefaults)
    {
        RuleFor(c => c.IdempotencyId)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("IdempotencyId cannot be null or empty.")
            .MaximumLength(CreateOrderChainValidator.MaxIdempotencyIdLength)
            .WithMessage($"IdempotencyId must not be longer than {CreateOrderChainValidator.MaxIdempotencyIdLength} characters.")
            .NoControlCharacters("idempotency id");
        RuleFor(c => c.SendersReference).SendersReferenceRules();

        RuleFor(c => c.RecipientEmail).NotNull().WithMessage("Email details cannot be null.");
        RuleFor(c => c.RecipientEmail!).ChildRules(email =>
        {
            email.RuleFor(e => e.EmailAddress)
                .Cascade(CascadeMode.Stop)
                .NoControlCharacters("email address")
                .Must(a => a is not null && EmailAddressFormat.IsValid(a)).WithMessage("Invalid email address format.");
            email.RuleFor(e => e.EmailSettings).NotNull().WithMessage("Email settings cannot be null.");
            email.RuleFor(e => e.EmailSettings!).ChildRules(settings => SettingsRules(settings, emailDefaults.Value))
                .When(e => e.EmailSettings is not null);
        }).When(c => c.RecipientEmail is not null);
    }

    private static void SettingsRules(InlineValidator<EmailSettingsInput> settings, EmailDefaults emailDefaults)
    {
        settings.RuleFor(s => s.Subject)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The email subject cannot be empty.")
            .MaximumLength(CreateEmailOrderValidator.MaxSubjectLength)
            .WithMessage($"The email subject must not be longer than {CreateEmailOrderValidator.MaxSubjectLength} characters.")
            .NoControlCharacters("subject");
        settings.RuleFor(s => s.Body)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The email body cannot be empty.")
            .Must(b => !ControlCharacters.AnyBesidesLineBreaksAndTabs(b)).WithMessage(ControlCharacters.MessageFor("body"));
        settings.RuleFor(s => s.ContentType).IsInEnum().WithMessage("Email content type must be either Plain or HTML.");
        settings.RuleFor(s => s.SenderEmailAddress)
            .Cascade(CascadeMode.Stop)
            .NoControlCharacters("sender email address")
            .Must(a => EmailAddressFormat.IsValid(a!)).WithMessage("The sender email address is not valid.")
            .Must(a => emailDefaults.AllowsSender(a!)).WithMessage("The sender email address is not allowed.")
            .When(s => !string.IsNullOrEmpty(s.SenderEmailAddress));
    }
}
