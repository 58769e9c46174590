using Notifications.Core.Orders.CreateEmailOrder;
using static Notifications.Core.Tests.Orders.CreateEmailOrder.TestCommands;

namespace Notifications.Core.Tests.Orders.CreateEmailOrder;

/// <summary>
/// The per-recipient rules, run through <see cref="CreateEmailOrderValidator"/> so the error keys are the ones a
/// client sees (<c>Recipients[0].EmailAddress</c>).
/// </summary>
public sealed class RecipientValidatorTests
{
    private const string MissingIdentifier =
        "Either a valid email address, organization number, or national identity number must be provided for each recipient.";
    private const string InvalidEmail = "Invalid email address format.";
    private const string NinLength = "National identity number must be 11 digits long.";
    private const string OrgLength = "Organization number must be 9 digits long.";
    private const string NinCombined =
        "National identity number cannot be combined with email address, mobile number, or organization number.";
    private const string OrgCombined =
        "Organization number cannot be combined with email address, mobile number, or national identity number.";

    private const string ValidNin = "01017012345";
    private const string ValidOrg = "123456789";

    private readonly CreateEmailOrderValidator _validator = new(new FixedTimeProvider());

    private IReadOnlyList<(string Key, string Message)> ErrorsFor(params RecipientInput?[] recipients) =>
        _validator.Validate(Valid(recipients)).Errors();

    [Test]
    public void Validate_WithOneRecipientOfEachKind_ReportsNoErrors()
    {
        Assert.That(ErrorsFor(Email("user@example.com"), Nin(ValidNin), Org(ValidOrg)), Is.Empty);
    }

    [Test]
    public void Validate_WithRecipientWithoutIdentifier_ReportsMissingIdentifierKeyedByTheRecipient()
    {
        Assert.That(ErrorsFor(new RecipientInput()), Is.EqualTo(new[] { ("Recipients[0]", MissingIdentifier) }));
    }

    [Test]
    public void Validate_WithSecondRecipientWithoutIdentifier_KeysTheErrorByItsIndex()
    {
        Assert.That(ErrorsFor(Email("user@example.com"), new RecipientInput()), Is.EqualTo(new[] { ("Recipients[1]", MissingIdentifier) }));
    }

    [Test]
    public void Validate_WithRecipientWithOnlyEmptyStrings_ReportsOnlyMissingIdentifier()
    {
        var recipient = new RecipientInput(EmailAddress: "", NationalIdentityNumber: "", OrganizationNumber: "", MobileNumber: "");

        Assert.That(ErrorsFor(recipient), Is.EqualTo(new[] { ("Recipients[0]", MissingIdentifier) }));
    }

    [Test]
    public void Validate_WithRecipientWithOnlyMobileNumber_ReportsMissingIdentifier()
    {
        Assert.That(ErrorsFor(new RecipientInput(MobileNumber: "+4799999999")), Is.EqualTo(new[] { ("Recipients[0]", MissingIdentifier) }));
    }

    [Test]
    public void Validate_WithNullRecipient_ReportsMissingIdentifierKeyedByTheRecipient()
    {
        Assert.That(ErrorsFor(Email("user@example.com"), null), Is.EqualTo(new[] { ("Recipients[1]", MissingIdentifier) }));
    }

    [TestCase(".user@x.com")]
    [TestCase("a@b.com;c@d.com")]
    [TestCase("user@localhost")]
    [TestCase("user")]
    public void Validate_WithInvalidEmailAddress_ReportsEmailMessageOnly(string address)
    {
        Assert.That(ErrorsFor(Email(address)), Is.EqualTo(new[] { ("Recipients[0].EmailAddress", InvalidEmail) }));
    }

    [Test]
    public void Validate_WithInvalidEmailAddressOnThirdRecipient_KeysTheErrorByItsIndex()
    {
        var errors = ErrorsFor(Email("user@example.com"), Nin(ValidNin), Email("user@x..com"));

        Assert.That(errors, Is.EqualTo(new[] { ("Recipients[2].EmailAddress", InvalidEmail) }));
    }

    [TestCase("0101701234")]
    [TestCase("010170123456")]
    [TestCase("0101701234a")]
    [TestCase("abcdefghijk")]
    [TestCase("01017 12345")]
    [TestCase("０１０１７０１２３４５")]
    public void Validate_WithNinThatIsNotElevenDigits_ReportsNinMessageOnly(string nin)
    {
        Assert.That(ErrorsFor(Nin(nin)), Is.EqualTo(new[] { ("Recipients[0].NationalIdentityNumber", NinLength) }));
    }

    [TestCase("12345678")]
    [TestCase("1234567890")]
    [TestCase("12345678a")]
    [TestCase("NO1234567")]
    public void Validate_WithOrganizationNumberThatIsNotNineDigits_ReportsOrganizationNumberMessageOnly(string organizationNumber)
    {
        Assert.That(ErrorsFor(Org(organizationNumber)), Is.EqualTo(new[] { ("Recipients[0].OrganizationNumber", OrgLength) }));
    }

    [Test]
    public void Validate_WithNinAndEmailAddress_ReportsNinCombinationMessage()
    {
        var recipient = new RecipientInput(EmailAddress: "user@example.com", NationalIdentityNumber: ValidNin);

        Assert.That(ErrorsFor(recipient), Is.EqualTo(new[] { ("Recipients[0].NationalIdentityNumber", NinCombined) }));
    }

    [Test]
    public void Validate_WithNinAndMobileNumber_ReportsNinCombinationMessage()
    {
        var recipient = new RecipientInput(NationalIdentityNumber: ValidNin, MobileNumber: "+4799999999");

        Assert.That(ErrorsFor(recipient), Is.EqualTo(new[] { ("Recipients[0].NationalIdentityNumber", NinCombined) }));
    }

    [Test]
    public void Validate_WithOrganizationNumberAndEmailAddress_ReportsOrganizationNumberCombinationMessage()
    {
        var recipient = new RecipientInput(EmailAddress: "user@example.com", OrganizationNumber: ValidOrg);

        Assert.That(ErrorsFor(recipient), Is.EqualTo(new[] { ("Recipients[0].OrganizationNumber", OrgCombined) }));
    }

    [Test]
    public void Validate_WithOrganizationNumberAndMobileNumber_ReportsOrganizationNumberCombinationMessage()
    {
        var recipient = new RecipientInput(OrganizationNumber: ValidOrg, MobileNumber: "+4799999999");

        Assert.That(ErrorsFor(recipient), Is.EqualTo(new[] { ("Recipients[0].OrganizationNumber", OrgCombined) }));
    }

    [Test]
    public void Validate_WithNinAndOrganizationNumber_ReportsBothCombinationMessages()
    {
        var recipient = new RecipientInput(NationalIdentityNumber: ValidNin, OrganizationNumber: ValidOrg);

        Assert.That(ErrorsFor(recipient), Is.EquivalentTo(new[]
        {
            ("Recipients[0].NationalIdentityNumber", NinCombined),
            ("Recipients[0].OrganizationNumber", OrgCombined),
        }));
    }

    [Test]
    public void Validate_WithEmptyEmailAddressBesideNin_ReportsNoErrors()
    {
        // Empty strings count as absent, as they do when the handler builds the recipient.
        var recipient = new RecipientInput(EmailAddress: "", NationalIdentityNumber: ValidNin);

        Assert.That(ErrorsFor(recipient), Is.Empty);
    }

    [Test]
    public void Validate_WithShortNinAndEmailAddress_ReportsBothNinMessages()
    {
        var recipient = new RecipientInput(EmailAddress: "user@example.com", NationalIdentityNumber: "123");

        Assert.That(ErrorsFor(recipient), Is.EquivalentTo(new[]
        {
            ("Recipients[0].NationalIdentityNumber", NinLength),
            ("Recipients[0].NationalIdentityNumber", NinCombined),
        }));
    }

    [Test]
    public void Validate_WithSeveralBadRecipients_ReportsEachUnderItsOwnKey()
    {
        var errors = ErrorsFor(new RecipientInput(), Email("user@"), Nin("1"), Org("1"), null);

        Assert.That(errors, Is.EquivalentTo(new[]
        {
            ("Recipients[0]", MissingIdentifier),
            ("Recipients[1].EmailAddress", InvalidEmail),
            ("Recipients[2].NationalIdentityNumber", NinLength),
            ("Recipients[3].OrganizationNumber", OrgLength),
            ("Recipients[4]", MissingIdentifier),
        }));
    }

    [Test]
    public void Validate_WithRecipientValidatorOnItsOwn_KeysMissingIdentifierWithoutATrailingDot()
    {
        var result = new RecipientValidator().Validate(new RecipientInput());

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { MissingIdentifier }));
        Assert.That(result.Errors.Single().PropertyName, Does.Not.EndWith("."));
    }
}
