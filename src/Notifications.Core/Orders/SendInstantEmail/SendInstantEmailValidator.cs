using FluentValidation;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.SendInstantEmail;

/// <summary>
/// The instant email request with Altinn's messages, keyed by the JSON's property paths in PascalCase. Every rule it
/// shares with the other registration endpoints is one of <see cref="RegistrationRules"/> or <see cref="EmailSettingsValidator"/>.
/// </summary>
public sealed class SendInstantEmailValidator : AbstractValidator<SendInstantEmailCommand>
{
    public SendInstantEmailValidator(IOptions<EmailDefaults> emailDefaults)
    {
        var settings = new EmailSettingsValidator(emailDefaults.Value, "The email subject cannot be empty.", "The email body cannot be empty.");
        RuleFor(c => c.IdempotencyId).IdempotencyKey("IdempotencyId cannot be null or empty.", "IdempotencyId", "idempotency id");
        RuleFor(c => c.SendersReference).SendersReference();

        RuleFor(c => c.RecipientEmail).NotNull().WithMessage("Email details cannot be null.");
        RuleFor(c => c.RecipientEmail!).ChildRules(email =>
        {
            email.RuleFor(e => e.EmailAddress).EmailAddress();
            email.RuleFor(e => e.EmailSettings).NotNull().WithMessage("Email settings cannot be null.");
            email.RuleFor(e => e.EmailSettings!).SetValidator(settings).When(e => e.EmailSettings is not null);
        }).When(c => c.RecipientEmail is not null);
    }
}
