using FluentValidation;

namespace Notifications.Core.Orders.Registration;

/// <summary>What an email says and who sends it: the rules v1 orders, chains and instant emails share.</summary>
public static class EmailContentRules
{
    public const string ContentTypeMessage = "Email content type must be either Plain or HTML.";
    public const string SendingTimePolicyMessage = "Email only supports send time anytime";
    public const string InvalidSenderMessage = "The sender email address is not valid.";
    public const string SenderNotAllowedMessage = "The sender email address is not allowed.";

    /// <param name="name">How the messages call it: "email template subject" (v1), "email subject" (future API).</param>
    public static IRuleBuilderOptions<T, string?> EmailSubject<T>(this IRuleBuilderInitial<T, string?> rule, string emptyMessage, string name) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(emptyMessage)
            .MaximumLength(RegistrationLimits.MaxSubjectLength)
            .WithMessage($"The {name} must not be longer than {RegistrationLimits.MaxSubjectLength} characters.")
            .NoControlCharacters("subject");

    /// <summary>Present; TAB, CR and LF are what plain text is made of, other control characters are refused.</summary>
    public static IRuleBuilderOptions<T, string?> EmailBody<T>(this IRuleBuilderInitial<T, string?> rule, string emptyMessage) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(emptyMessage)
            .Must(b => !ControlCharacters.AnyBesidesLineBreaksAndTabs(b)).WithMessage(ControlCharacters.MessageFor("body"));

    public static IRuleBuilderOptions<T, EmailContentType> EmailContentType<T>(this IRuleBuilderInitial<T, EmailContentType> rule) =>
        rule.IsInEnum().WithMessage(ContentTypeMessage);

    /// <summary>
    /// An optional sender (absent or empty: <see cref="EmailDefaults.DefaultFromAddress"/>): a valid address within
    /// <c>Email:AllowedSenderDomains</c> when that is set.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> SenderEmailAddress<T>(this IRuleBuilderInitial<T, string?> rule, EmailDefaults emailDefaults) =>
        rule.Cascade(CascadeMode.Stop)
            .NoControlCharacters("sender email address")
            .Must(a => string.IsNullOrEmpty(a) || EmailAddressFormat.IsValid(a)).WithMessage(InvalidSenderMessage)
            .Must(a => string.IsNullOrEmpty(a) || emailDefaults.AllowsSender(a)).WithMessage(SenderNotAllowedMessage);
}
