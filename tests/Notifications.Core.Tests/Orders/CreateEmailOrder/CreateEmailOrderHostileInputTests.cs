using System.Diagnostics;
using Notifications.Core.Orders.CreateEmailOrder;
using static Notifications.Core.Tests.Orders.CreateEmailOrder.TestCommands;

namespace Notifications.Core.Tests.Orders.CreateEmailOrder;

/// <summary>Bad input is a 400, always: control characters, and many failing recipients.</summary>
public sealed class CreateEmailOrderHostileInputTests
{
    private const string MissingIdentifier =
        "Either a valid email address, organization number, or national identity number must be provided for each recipient.";

    private readonly CreateEmailOrderValidator _validator = new(new FixedTimeProvider());

    private static readonly string[] C0 = [.. Enumerable.Range(0, 0x20).Select(c => ((char)c).ToString())];

    private static IEnumerable<TestCaseData> ControlCharacterInEachField()
    {
        foreach (var c in new[] { "\0", "\x01", "\t", "\n", "\r", "\x1B", "\x1F" })
        {
            var name = $"U+{(int)c[0]:X4}";
            yield return new TestCaseData(Valid() with { Subject = $"a{c}b" }, "Subject", "The subject must not contain control characters.").SetArgDisplayNames("Subject", name);
            yield return new TestCaseData(Valid() with { SendersReference = $"a{c}b" }, "SendersReference", "The senders reference must not contain control characters.").SetArgDisplayNames("SendersReference", name);
            yield return new TestCaseData(Valid() with { ResourceId = $"a{c}b" }, "ResourceId", "The resource id must not contain control characters.").SetArgDisplayNames("ResourceId", name);
            yield return new TestCaseData(Valid() with { IdempotencyKey = $"a{c}b" }, "Idempotency-Key", "The Idempotency-Key header must not contain control characters.").SetArgDisplayNames("IdempotencyKey", name);
            yield return new TestCaseData(Valid() with { ConditionEndpoint = $"https://example.com/a{c}b" }, "ConditionEndpoint", "The condition endpoint must not contain control characters.").SetArgDisplayNames("ConditionEndpoint", name);
            // As every registration endpoint says it (RegistrationRules.EmailAddress): the instant email said so first.
            yield return new TestCaseData(Valid(Email($"us{c}er@example.com")), "Recipients[0].EmailAddress", "The email address must not contain control characters.").SetArgDisplayNames("EmailAddress", name);
            yield return new TestCaseData(Valid(Nin($"0101701234{c}")), "Recipients[0].NationalIdentityNumber", "National identity number must be 11 digits long.").SetArgDisplayNames("Nin", name);
            yield return new TestCaseData(Valid(Org($"12345678{c}")), "Recipients[0].OrganizationNumber", "Organization number must be 9 digits long.").SetArgDisplayNames("OrgNo", name);
        }
    }

    [TestCaseSource(nameof(ControlCharacterInEachField))]
    public void Validate_WithAControlCharacterInAField_ReportsThatFieldOnly(CreateEmailOrderCommand command, string key, string message)
    {
        Assert.That(_validator.Validate(command).Errors(), Is.EqualTo(new[] { (key, message) }));
    }

    [TestCase("\0")]
    [TestCase("\x01")]
    [TestCase("\x0B")]
    [TestCase("\x0C")]
    [TestCase("\x1F")]
    public void Validate_WithAControlCharacterInTheBody_ReportsTheBody(string c)
    {
        var result = _validator.Validate(Valid() with { Body = $"line{c}" });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("Body", "The body must not contain control characters.") }));
    }

    [Test]
    public void Validate_WithTabsAndLineBreaksInTheBody_ReportsNoErrors()
    {
        var result = _validator.Validate(Valid() with { Body = "Dear customer,\r\n\tline two\nline three" });

        Assert.That(result.Errors(), Is.Empty);
    }

    [Test]
    public void Validate_WithEveryC0CharacterButTheC0OnesAllowedInABody_ReportsEach()
    {
        var rejected = C0.Where(c => !_validator.Validate(Valid() with { Body = $"x{c}x" }).IsValid).ToArray();

        Assert.That(rejected, Has.Length.EqualTo(29));
        Assert.That(rejected, Has.None.AnyOf("\t", "\r", "\n"));
    }

    [Test]
    public void Validate_With100000EmptyRecipients_ReportsTheFirstHundredQuickly()
    {
        var recipients = Enumerable.Repeat<RecipientInput?>(new RecipientInput(), 100_000).ToArray();
        var watch = Stopwatch.StartNew();

        var errors = _validator.Validate(Valid(recipients)).Errors();

        // Generous: a loaded 2-core machine; reporting all 100,000 took tens of seconds.
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(errors, Has.Count.EqualTo(100));
        Assert.That(errors[0], Is.EqualTo(("Recipients[0]", MissingIdentifier)));
        Assert.That(errors[99], Is.EqualTo(("Recipients[99]", MissingIdentifier)));
    }

    [Test]
    public void Validate_WithNullAndInvalidRecipients_KeysEachByItsIndex()
    {
        var result = _validator.Validate(Valid(Email("ok@example.com"), null, Nin("123"), Org("12345678")));

        Assert.That(result.Errors(), Is.EqualTo(new[]
        {
            ("Recipients[1]", MissingIdentifier),
            ("Recipients[2].NationalIdentityNumber", "National identity number must be 11 digits long."),
            ("Recipients[3].OrganizationNumber", "Organization number must be 9 digits long."),
        }));
    }
}
