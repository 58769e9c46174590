using FluentValidation;

namespace Notifications.Core.Orders.Registration;

/// <summary>
/// The future API's <c>emailSettings</c>, as every endpoint that takes them checks them. The two messages that differ
/// between Altinn's endpoints (chains say "must not be empty", instant emails "cannot be empty") are parameters.
/// Constructed by the validators that use it, not by dependency injection.
/// </summary>
public sealed class EmailSettingsValidator : AbstractValidator<EmailSettingsInput>
{
    public EmailSettingsValidator(EmailDefaults emailDefaults, string emptySubjectMessage, string emptyBodyMessage)
    {
        RuleFor(s => s.Subject).EmailSubject(emptySubjectMessage, "email subject");
        RuleFor(s => s.Body).EmailBody(emptyBodyMessage);
        RuleFor(s => s.ContentType).EmailContentType();
        RuleFor(s => s.SendingTimePolicy).Must(p => p == SendingTimePolicy.Anytime).WithMessage(EmailContentRules.SendingTimePolicyMessage);
        RuleFor(s => s.SenderEmailAddress).SenderEmailAddress(emailDefaults);
    }
}
