using FluentValidation;
using Notifications.Core.Orders.CreateEmailOrder;

namespace Notifications.Core.Orders.CreateOrderChain;

/// <summary>A shipment's email settings, with Altinn's messages; the sender must be in <c>Email:AllowedSenderDomains</c> when that is set.</summary>
public sealed class EmailSettingsValidator : AbstractValidator<EmailSettingsInput>
{
    public EmailSettingsValidator(IOptions<EmailDefaults> emailDefaults)
    {
        RuleFor(s => s.Subject)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The email subject must not be empty.")
            .MaximumLength(CreateEmailOrderValidator.MaxSubjectLength)
            .WithMessage($"The email subject must not be longer than {CreateEmailOrderValidator.MaxSubjectLength} characters.")
            .NoControlCharacters("subject");
        RuleFor(s => s.Body)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The email body must not be empty.")
            .Must(b => !ControlCharacters.AnyBesidesLineBreaksAndTabs(b)).WithMessage(ControlCharacters.MessageFor("body"));
        RuleFor(s => s.ContentType).IsInEnum().WithMessage("Email content type must be either Plain or HTML.");
        RuleFor(s => s.SendingTimePolicy)
            .Must(p => p == SendingTimePolicy.Anytime).WithMessage("Email only supports send time anytime");
        RuleFor(s => s.SenderEmailAddress)
            .Cascade(CascadeMode.Stop)
            .Must(a => EmailAddressFormat.IsValid(a!)).WithMessage("The sender email address is not valid.")
            .Must(a => emailDefaults.Value.AllowsSender(a!)).WithMessage("The sender email address is not allowed.")
            .When(s => !string.IsNullOrEmpty(s.SenderEmailAddress));
    }
}
