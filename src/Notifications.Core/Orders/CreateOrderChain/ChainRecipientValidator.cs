using FluentValidation;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.CreateOrderChain;

/// <summary>A chain recipient (main shipment or reminder): exactly one kind, reachable by email, with Altinn's messages.</summary>
public sealed class ChainRecipientValidator : AbstractValidator<ChainRecipientInput>
{
    public const string ExactlyOneRecipientMessage = "Must have exactly one recipient.";
    public const string EmailOnlyMessage = "This service sends email only.";
    public const string EmailOnlyChannelMessage = "This service sends email only: channelSchema must be Email, EmailPreferred or SmsPreferred.";
    public const string ExternalIdentityMessage = "Only idporten-email external identities can be reached by email.";
    public const string ResourcePrefix = "urn:altinn:resource:";

    /// <summary>Built by <see cref="CreateOrderChainValidator"/>, not by dependency injection.</summary>
    public ChainRecipientValidator(EmailDefaults emailDefaults)
    {
        var emailSettings = new EmailSettingsValidator(emailDefaults, "The email subject must not be empty.", "The email body must not be empty.");
        RuleFor(r => r)
            .Must(r => Kinds(r) == 1).WithMessage(ExactlyOneRecipientMessage)
            .OverridePropertyName("");
        RuleFor(r => r.RecipientSms).Must(sms => !sms).WithMessage(EmailOnlyMessage).When(r => Kinds(r) == 1);

        RuleFor(r => r.RecipientEmail!).ChildRules(email =>
        {
            email.RuleFor(e => e.EmailAddress).EmailAddress();
            email.RuleFor(e => e.EmailSettings).NotNull().WithMessage("Recipient email settings cannot be null.");
            email.RuleFor(e => e.EmailSettings!).SetValidator(emailSettings).When(e => e.EmailSettings is not null);
        }).When(r => r.RecipientEmail is not null && Kinds(r) == 1);

        RuleFor(r => r.RecipientPerson!).ChildRules(person =>
        {
            person.RuleFor(p => p.NationalIdentityNumber).NationalIdentityNumber();
            ChannelRules(person, p => p.ChannelSchema, p => p.EmailSettings, emailSettings);
            ResourceRules(person, p => p.ResourceId, p => p.ResourceAction);
        }).When(r => r.RecipientPerson is not null && Kinds(r) == 1);

        RuleFor(r => r.RecipientOrganization!).ChildRules(organization =>
        {
            organization.RuleFor(o => o.OrgNumber).OrganizationNumber();
            ChannelRules(organization, o => o.ChannelSchema, o => o.EmailSettings, emailSettings);
            ResourceRules(organization, o => o.ResourceId, o => o.ResourceAction);
        }).When(r => r.RecipientOrganization is not null && Kinds(r) == 1);

        RuleFor(r => r.RecipientExternalIdentity!).ChildRules(identity =>
        {
            identity.RuleFor(i => i.ExternalIdentity)
                .Cascade(CascadeMode.Stop)
                .Must(i => ChainShipments.IdportenEmailAddress(i) is not null).WithMessage(ExternalIdentityMessage)
                .Must(i => EmailAddressFormat.IsValid(ChainShipments.IdportenEmailAddress(i)!)).WithMessage(RegistrationRules.InvalidEmailAddressMessage);
            ChannelRules(identity, i => i.ChannelSchema, i => i.EmailSettings, emailSettings);
        }).When(r => r.RecipientExternalIdentity is not null && Kinds(r) == 1);
    }

    private static int Kinds(ChainRecipientInput r) =>
        (r.RecipientEmail is null ? 0 : 1) + (r.RecipientPerson is null ? 0 : 1) + (r.RecipientOrganization is null ? 0 : 1)
        + (r.RecipientExternalIdentity is null ? 0 : 1) + (r.RecipientSms ? 1 : 0);

    /// <summary>
    /// <c>Email</c>, <c>EmailPreferred</c> and <c>SmsPreferred</c> all mean email here (there is no SMS channel, so the
    /// preferred-SMS path is always the email fallback) and need email settings; <c>Sms</c> and <c>EmailAndSms</c> are refused.
    /// </summary>
    private static void ChannelRules<T>(
        InlineValidator<T> recipient,
        System.Linq.Expressions.Expression<Func<T, ChannelSchema?>> channel,
        System.Linq.Expressions.Expression<Func<T, EmailSettingsInput?>> settings,
        EmailSettingsValidator emailSettings)
    {
        var channelOf = channel.Compile();
        var settingsOf = settings.Compile();
        recipient.RuleFor(channel)
            .Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("The ChannelSchema field is required.")
            .IsInEnum().WithMessage(EmailOnlyChannelMessage)
            .Must(c => c is ChannelSchema.Email or ChannelSchema.EmailPreferred or ChannelSchema.SmsPreferred).WithMessage(EmailOnlyChannelMessage);
        recipient.RuleFor(settings)
            .NotNull().WithMessage(r => $"EmailSettings must be set when ChannelSchema is {channelOf(r)}")
            .When(r => channelOf(r) is ChannelSchema.Email or ChannelSchema.EmailPreferred or ChannelSchema.SmsPreferred);
        recipient.RuleFor(settings).SetValidator(emailSettings!).When(r => settingsOf(r) is not null);
    }

    private static void ResourceRules<T>(
        InlineValidator<T> recipient,
        System.Linq.Expressions.Expression<Func<T, string?>> resourceId,
        System.Linq.Expressions.Expression<Func<T, string?>> resourceAction)
    {
        var resourceIdOf = resourceId.Compile();
        var resourceActionOf = resourceAction.Compile();
        recipient.RuleFor(resourceId)
            .Cascade(CascadeMode.Stop)
            .Must(id => id!.Length > ResourcePrefix.Length && id.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .WithMessage("ResourceId must have a valid syntax.")
            .MaximumLength(RegistrationLimits.MaxResourceIdLength)
            .WithMessage($"ResourceId must not be longer than {RegistrationLimits.MaxResourceIdLength} characters.")
            .NoControlCharacters("resource id")
            .When(r => resourceIdOf(r) is not null);
        recipient.RuleFor(resourceAction)
            .Cascade(CascadeMode.Stop)
            .Must((r, _) => resourceIdOf(r) is not null).WithMessage("ResourceAction cannot be specified without a ResourceId.")
            .MaximumLength(RegistrationLimits.MaxResourceIdLength)
            .WithMessage($"ResourceAction must not be longer than {RegistrationLimits.MaxResourceIdLength} characters.")
            .NoControlCharacters("resource action")
            .When(r => resourceActionOf(r) is not null);
    }
}
