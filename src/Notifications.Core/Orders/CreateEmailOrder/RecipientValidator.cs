using FluentValidation;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Orders.CreateEmailOrder;

public sealed class RecipientValidator : AbstractValidator<RecipientInput>
{
    public const string MissingIdentifierMessage =
        "Either a valid email address, organization number, or national identity number must be provided for each recipient.";

    public RecipientValidator()
    {
        // Empty strings count as absent, as they do when the handler builds the recipient; otherwise
        // `"emailAddress": ""` would add a format error beside the missing-identifier one.
        RuleFor(r => r)
            .Must(r => Has(r.EmailAddress) || Has(r.NationalIdentityNumber) || Has(r.OrganizationNumber))
            .WithMessage(MissingIdentifierMessage)
            .OverridePropertyName("");

        RuleFor(r => r.EmailAddress).EmailAddress().When(r => Has(r.EmailAddress));

        RuleFor(r => r.NationalIdentityNumber).NationalIdentityNumber().When(r => Has(r.NationalIdentityNumber));
        RuleFor(r => r.NationalIdentityNumber)
            .Must((r, _) => !Has(r.EmailAddress) && !Has(r.MobileNumber) && !Has(r.OrganizationNumber))
            .WithMessage("National identity number cannot be combined with email address, mobile number, or organization number.")
            .When(r => Has(r.NationalIdentityNumber));

        RuleFor(r => r.OrganizationNumber).OrganizationNumber().When(r => Has(r.OrganizationNumber));
        RuleFor(r => r.OrganizationNumber)
            .Must((r, _) => !Has(r.EmailAddress) && !Has(r.MobileNumber) && !Has(r.NationalIdentityNumber))
            .WithMessage("Organization number cannot be combined with email address, mobile number, or national identity number.")
            .When(r => Has(r.OrganizationNumber));
    }

    private static bool Has(string? value) => !string.IsNullOrEmpty(value);
}
