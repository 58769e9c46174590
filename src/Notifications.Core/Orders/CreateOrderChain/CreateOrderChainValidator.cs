using FluentValidation;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.CreateOrderChain;

/// <summary>
/// The chain request with Altinn's messages, keyed by the JSON's property paths in PascalCase. Every rule it shares with
/// the other registration endpoints is one of <see cref="RegistrationRules"/> or <see cref="EmailContentRules"/>.
/// </summary>
public sealed class CreateOrderChainValidator : AbstractValidator<CreateOrderChainCommand>
{
    public const int MaxReminders = 10;
    public const int MaxDelayDays = 365;

    public CreateOrderChainValidator(IOptions<EmailDefaults> emailDefaults, TimeProvider clock)
    {
        var recipient = new ChainRecipientValidator(emailDefaults.Value);
        RuleFor(c => c.IdempotencyId).IdempotencyKey("IdempotencyId cannot be null or empty.", "IdempotencyId", "idempotency id");

        RuleFor(c => c.Recipient).NotNull().WithMessage(ChainRecipientValidator.ExactlyOneRecipientMessage);
        RuleFor(c => c.Recipient!).SetValidator(recipient).When(c => c.Recipient is not null);

        RuleFor(c => c.RequestedSendTime).SendTime(clock, "RequestedSendTime must be greater than or equal to now.");
        RuleFor(c => c.ConditionEndpoint).ConditionEndpoint(ConditionEndpointNotAbsoluteMessage, ConditionEndpointNotHttpMessage);
        RuleFor(c => c.SendersReference).SendersReference();
        RuleFor(c => c.DialogportenAssociation!).ChildRules(dialog =>
        {
            dialog.RuleFor(d => d.DialogId).DialogportenId("dialog id");
            dialog.RuleFor(d => d.TransmissionId).DialogportenId("transmission id");
        }).When(c => c.DialogportenAssociation is not null);

        RuleFor(c => c.Reminders)
            .Must(r => r!.Count <= MaxReminders).WithMessage($"An order can have at most {MaxReminders} reminders.")
            .When(c => c.Reminders is not null);
        RuleForEach(c => c.Reminders).ChildRules(reminder =>
        {
            reminder.RuleFor(r => r)
                .Must(r => r.DelayDays is null != r.RequestedSendTime is null)
                .WithMessage("Either DelayDays or RequestedSendTime must be defined, but not both.")
                .OverridePropertyName("");
            reminder.RuleFor(r => r.DelayDays)
                .Cascade(CascadeMode.Stop)
                .GreaterThanOrEqualTo(1).WithMessage("DelayDays must be greater than or equal to 1 day.")
                .LessThanOrEqualTo(MaxDelayDays).WithMessage($"DelayDays must be at most {MaxDelayDays} days.")
                .When(r => r.DelayDays is not null);
            reminder.RuleFor(r => r.RequestedSendTime).SendTime(clock, "RequestedSendTime must be greater than or equal to the current UTC time.");
            reminder.RuleFor(r => r.ConditionEndpoint).ConditionEndpoint(ConditionEndpointNotAbsoluteMessage, ConditionEndpointNotHttpMessage);
            reminder.RuleFor(r => r.SendersReference).SendersReference();
            reminder.RuleFor(r => r.Recipient).NotNull().WithMessage(ChainRecipientValidator.ExactlyOneRecipientMessage);
            reminder.RuleFor(r => r.Recipient!).SetValidator(recipient).When(r => r.Recipient is not null);
        }).When(c => c.Reminders is { Count: <= MaxReminders });
    }

    private const string ConditionEndpointNotAbsoluteMessage = "ConditionEndpoint must be a valid absolute URI or null.";
    private const string ConditionEndpointNotHttpMessage = "ConditionEndpoint must use http or https scheme.";
}
