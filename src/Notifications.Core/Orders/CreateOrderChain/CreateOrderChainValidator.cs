using FluentValidation;
using Notifications.Core.Orders.CreateEmailOrder;

namespace Notifications.Core.Orders.CreateOrderChain;

/// <summary>The chain request with Altinn's messages, keyed by the JSON's property paths in PascalCase.</summary>
public sealed class CreateOrderChainValidator : AbstractValidator<CreateOrderChainCommand>
{
    public const int MaxIdempotencyIdLength = 255;
    public const int MaxReminders = 10;
    public const int MaxDelayDays = 365;
    public const int MaxDialogportenIdLength = 255;

    public CreateOrderChainValidator(ChainRecipientValidator recipient, TimeProvider clock)
    {
        RuleFor(c => c.IdempotencyId)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("IdempotencyId cannot be null or empty.")
            .MaximumLength(MaxIdempotencyIdLength).WithMessage($"IdempotencyId must not be longer than {MaxIdempotencyIdLength} characters.")
            .NoControlCharacters("idempotency id");

        RuleFor(c => c.Recipient).NotNull().WithMessage(ChainRecipientValidator.ExactlyOneRecipientMessage);
        RuleFor(c => c.Recipient!).SetValidator(recipient).When(c => c.Recipient is not null);

        RuleFor(c => c.RequestedSendTime)
            .Must(t => t!.Value.Kind != DateTimeKind.Unspecified)
            .WithMessage("The requested send time value must have specified a time zone.")
            .DependentRules(() => RuleFor(c => c.RequestedSendTime)
                .Must(t => t!.Value.ToUniversalTime() >= clock.GetUtcNow().UtcDateTime - CreateEmailOrderValidator.SendTimeGrace)
                .WithMessage("RequestedSendTime must be greater than or equal to now."))
            .When(c => c.RequestedSendTime is not null);

        RuleFor(c => c.ConditionEndpoint).ConditionEndpointRules();
        RuleFor(c => c.SendersReference).SendersReferenceRules();
        RuleFor(c => c.DialogportenAssociation!).ChildRules(dialog =>
        {
            dialog.RuleFor(d => d.DialogId).DialogportenIdRules("dialog id");
            dialog.RuleFor(d => d.TransmissionId).DialogportenIdRules("transmission id");
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
            reminder.RuleFor(r => r.RequestedSendTime)
                .Must(t => t!.Value.Kind != DateTimeKind.Unspecified)
                .WithMessage("The requested send time value must have specified a time zone.")
                .DependentRules(() => reminder.RuleFor(r => r.RequestedSendTime)
                    .Must(t => t!.Value.ToUniversalTime() >= clock.GetUtcNow().UtcDateTime - CreateEmailOrderValidator.SendTimeGrace)
                    .WithMessage("RequestedSendTime must be greater than or equal to the current UTC time."))
                .When(r => r.RequestedSendTime is not null);
            reminder.RuleFor(r => r.ConditionEndpoint).ConditionEndpointRules();
            reminder.RuleFor(r => r.SendersReference).SendersReferenceRules();
            reminder.RuleFor(r => r.Recipient).NotNull().WithMessage(ChainRecipientValidator.ExactlyOneRecipientMessage);
            reminder.RuleFor(r => r.Recipient!).SetValidator(recipient).When(r => r.Recipient is not null);
        }).When(c => c.Reminders is { Count: <= MaxReminders });
    }

    /// <summary>Whether the id passes the rules above, so it can be looked up (PostgreSQL refuses a NUL in it).</summary>
    public static bool IsWellFormedIdempotencyId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdempotencyIdLength && !ControlCharacters.Any(id);
}

/// <summary>Rules the main shipment and the reminders share.</summary>
internal static class ChainRules
{
    public static void ConditionEndpointRules<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NoControlCharacters("condition endpoint")
            .Must(e => e is null || (Uri.TryCreate(e, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host)))
            .WithMessage("ConditionEndpoint must be a valid absolute URI or null.")
            .Must(e => e is null || new Uri(e).Scheme is "http" or "https").WithMessage("ConditionEndpoint must use http or https scheme.");

    public static void SendersReferenceRules<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .MaximumLength(CreateEmailOrderValidator.MaxSendersReferenceLength)
            .WithMessage($"The senders reference must not be longer than {CreateEmailOrderValidator.MaxSendersReferenceLength} characters.")
            .NoControlCharacters("senders reference");

    public static void DialogportenIdRules<T>(this IRuleBuilderInitial<T, string?> rule, string field) =>
        rule.Cascade(CascadeMode.Stop)
            .MaximumLength(CreateOrderChainValidator.MaxDialogportenIdLength)
            .WithMessage($"The {field} must not be longer than {CreateOrderChainValidator.MaxDialogportenIdLength} characters.")
            .NoControlCharacters(field);
}
