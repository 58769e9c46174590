using System.Text.Json;
using Notifications.Core.Orders.CreateEmailOrder;
using static Notifications.Core.Tests.Orders.CreateEmailOrder.TestCommands;

namespace Notifications.Core.Tests.Orders.CreateEmailOrder;

/// <summary>The order-level rules; per-recipient rules are in <see cref="RecipientValidatorTests"/>.</summary>
public sealed class CreateEmailOrderValidatorTests
{
    private const string SendTimeInPastMessage = "Send time must be in the future. Leave blank to send immediately.";
    private const string ConditionEndpointMessage = "The condition endpoint must be a valid URL.";

    private static readonly DateTimeOffset Now = FixedTimeProvider.DefaultNow;

    private readonly CreateEmailOrderValidator _validator = new(new FixedTimeProvider());

    [Test]
    public void Validate_WithValidRequest_ReportsNoErrors()
    {
        var result = _validator.Validate(Valid());

        Assert.That(result.Errors(), Is.Empty);
    }

    [Test]
    public void Validate_WithEveryOptionalFieldSet_ReportsNoErrors()
    {
        var command = Valid(Email("user@example.com"), Nin("01017012345"), Org("123456789")) with
        {
            RequestedSendTime = Now.AddHours(1).UtcDateTime,
            SendersReference = "ref-1",
            ResourceId = "urn:altinn:resource:test",
            IgnoreReservation = true,
            ConditionEndpoint = "https://example.com/condition",
            IdempotencyKey = "key-1",
        };

        Assert.That(_validator.Validate(command).Errors(), Is.Empty);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Validate_WithEmptySubject_ReportsSubjectMessage(string? subject)
    {
        var result = _validator.Validate(Valid() with { Subject = subject });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("Subject", "The email template subject must not be empty.") }));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Validate_WithEmptyBody_ReportsBodyMessage(string? body)
    {
        var result = _validator.Validate(Valid() with { Body = body });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("Body", "The email template body must not be empty.") }));
    }

    [Test]
    public void Validate_WithEmptySubjectAndBody_ReportsBothAndNothingElse()
    {
        var result = _validator.Validate(Valid() with { Subject = "", Body = "" });

        Assert.That(result.Errors(), Is.EquivalentTo(new[]
        {
            ("Subject", "The email template subject must not be empty."),
            ("Body", "The email template body must not be empty."),
        }));
    }

    [Test]
    public void Validate_WithNullRecipients_ReportsRecipientsMessage()
    {
        var result = _validator.Validate(Valid() with { Recipients = null });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("Recipients", "One or more recipient is required.") }));
    }

    [Test]
    public void Validate_WithNoRecipients_ReportsRecipientsMessage()
    {
        var result = _validator.Validate(Valid() with { Recipients = [] });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("Recipients", "One or more recipient is required.") }));
    }

    [Test]
    public void Validate_WithSubjectOf1000Characters_ReportsNoErrors()
    {
        var result = _validator.Validate(Valid() with { Subject = new string('s', 1_000) });

        Assert.That(result.Errors(), Is.Empty);
    }

    [Test]
    public void Validate_WithSubjectOf1001Characters_ReportsSubjectLengthMessage()
    {
        var result = _validator.Validate(Valid() with { Subject = new string('s', 1_001) });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("Subject", "The email template subject must not be longer than 1000 characters.") }));
    }

    [Test]
    public void Validate_WithSendersReferenceOf100Characters_ReportsNoErrors()
    {
        var result = _validator.Validate(Valid() with { SendersReference = new string('r', 100) });

        Assert.That(result.Errors(), Is.Empty);
    }

    [Test]
    public void Validate_WithSendersReferenceOf101Characters_ReportsSendersReferenceMessage()
    {
        var result = _validator.Validate(Valid() with { SendersReference = new string('r', 101) });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("SendersReference", "The senders reference must not be longer than 100 characters.") }));
    }

    [Test]
    public void Validate_WithResourceIdOf255Characters_ReportsNoErrors()
    {
        var result = _validator.Validate(Valid() with { ResourceId = new string('r', 255) });

        Assert.That(result.Errors(), Is.Empty);
    }

    [Test]
    public void Validate_WithResourceIdOf256Characters_ReportsResourceIdMessage()
    {
        var result = _validator.Validate(Valid() with { ResourceId = new string('r', 256) });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("ResourceId", "The resource id must not be longer than 255 characters.") }));
    }

    [Test]
    public void Validate_With100000Recipients_ReportsNoErrors()
    {
        var recipients = Enumerable.Range(0, 100_000).Select(i => (RecipientInput?)Email($"user{i}@example.com")).ToArray();

        var result = _validator.Validate(Valid(recipients));

        Assert.That(result.Errors(), Is.Empty);
    }

    [Test]
    public void Validate_With100001Recipients_ReportsRecipientsCountMessage()
    {
        var recipients = Enumerable.Range(0, 100_001).Select(i => (RecipientInput?)Email($"user{i}@example.com")).ToArray();

        var result = _validator.Validate(Valid(recipients));

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("Recipients", "An order can have at most 100000 recipients.") }));
    }

    [Test]
    public void Validate_WithSendTimeWithoutTimeZone_ReportsTimeZoneMessage()
    {
        var unspecified = DateTime.SpecifyKind(Now.AddHours(1).UtcDateTime, DateTimeKind.Unspecified);

        var result = _validator.Validate(Valid() with { RequestedSendTime = unspecified });

        Assert.That(result.Errors(), Is.EqualTo(new[]
        {
            ("RequestedSendTime", "The requested send time value must have specified a time zone."),
        }));
    }

    [Test]
    public void Validate_WithSendTimeWithoutTimeZoneInThePast_ReportsOnlyTheTimeZoneMessage()
    {
        var unspecified = DateTime.SpecifyKind(Now.AddDays(-1).UtcDateTime, DateTimeKind.Unspecified);

        var result = _validator.Validate(Valid() with { RequestedSendTime = unspecified });

        Assert.That(result.Errors(), Is.EqualTo(new[]
        {
            ("RequestedSendTime", "The requested send time value must have specified a time zone."),
        }));
    }

    [TestCase(301)]
    [TestCase(360)]
    [TestCase(86_400)]
    public void Validate_WithSendTimeMoreThanFiveMinutesInThePast_ReportsSendTimeMessage(int secondsAgo)
    {
        var result = _validator.Validate(Valid() with { RequestedSendTime = Now.AddSeconds(-secondsAgo).UtcDateTime });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("RequestedSendTime", SendTimeInPastMessage) }));
    }

    [TestCase(0)]
    [TestCase(240)]
    [TestCase(300)]
    public void Validate_WithSendTimeWithinTheGracePeriod_ReportsNoErrors(int secondsAgo)
    {
        var result = _validator.Validate(Valid() with { RequestedSendTime = Now.AddSeconds(-secondsAgo).UtcDateTime });

        Assert.That(result.Errors(), Is.Empty);
    }

    [Test]
    public void Validate_WithFutureSendTimeWithOffset_ReportsNoErrors()
    {
        // 15:00+02:00 is 13:00Z, an hour after the fixed clock; parsed as JSON would parse it.
        var sendTime = JsonSerializer.Deserialize<DateTime>("\"2030-06-15T15:00:00+02:00\"");

        var result = _validator.Validate(Valid() with { RequestedSendTime = sendTime });

        Assert.That(result.Errors(), Is.Empty);
    }

    [Test]
    public void Validate_WithPastSendTimeWithOffset_ReportsSendTimeMessage()
    {
        // 13:50+02:00 is 11:50Z, ten minutes before the fixed clock, although its local digits look later.
        var sendTime = JsonSerializer.Deserialize<DateTime>("\"2030-06-15T13:50:00+02:00\"");

        var result = _validator.Validate(Valid() with { RequestedSendTime = sendTime });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("RequestedSendTime", SendTimeInPastMessage) }));
    }

    [TestCase("http://example.com/condition")]
    [TestCase("https://example.com/condition?orderId=1")]
    [TestCase("https://localhost:8443/")]
    public void Validate_WithHttpOrHttpsConditionEndpoint_ReportsNoErrors(string endpoint)
    {
        var result = _validator.Validate(Valid() with { ConditionEndpoint = endpoint });

        Assert.That(result.Errors(), Is.Empty);
    }

    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("/relative/path")]
    [TestCase("relative/path")]
    [TestCase("ftp://example.com/condition")]
    [TestCase("file:///etc/passwd")]
    [TestCase("mailto:user@example.com")]
    [TestCase("http://")]
    [TestCase("https:example.com")]
    public void Validate_WithConditionEndpointThatIsNotAnAbsoluteHttpUrl_ReportsConditionEndpointMessage(string endpoint)
    {
        var result = _validator.Validate(Valid() with { ConditionEndpoint = endpoint });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("ConditionEndpoint", ConditionEndpointMessage) }));
    }

    [TestCase("a")]
    [TestCase("3f2c0a4e-1b7d-4f7e-9a35-0c6f1d2b8e91")]
    public void Validate_WithIdempotencyKey_ReportsNoErrors(string key)
    {
        var result = _validator.Validate(Valid() with { IdempotencyKey = key });

        Assert.That(result.Errors(), Is.Empty);
    }

    [Test]
    public void Validate_WithIdempotencyKeyOf255Characters_ReportsNoErrors()
    {
        var result = _validator.Validate(Valid() with { IdempotencyKey = new string('k', 255) });

        Assert.That(result.Errors(), Is.Empty);
    }

    [TestCase(256)]
    [TestCase(10_000)]
    public void Validate_WithIdempotencyKeyLongerThan255Characters_ReportsIdempotencyKeyLengthMessage(int length)
    {
        var result = _validator.Validate(Valid() with { IdempotencyKey = new string('k', length) });

        Assert.That(result.Errors(), Is.EqualTo(new[]
        {
            ("Idempotency-Key", "The Idempotency-Key header must not be longer than 255 characters."),
        }));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Validate_WithEmptyIdempotencyKey_ReportsIdempotencyKeyEmptyMessage(string key)
    {
        var result = _validator.Validate(Valid() with { IdempotencyKey = key });

        Assert.That(result.Errors(), Is.EqualTo(new[] { ("Idempotency-Key", "The Idempotency-Key header must not be empty.") }));
    }
}
