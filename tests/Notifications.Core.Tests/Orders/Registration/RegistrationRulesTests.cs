using FluentValidation;
using Microsoft.Extensions.Options;
using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateEmailOrder;
using Notifications.Core.Orders.CreateOrderChain;
using Notifications.Core.Orders.Registration;
using Notifications.Core.Orders.SendInstantEmail;
using Notifications.Core.Tests.Orders.CreateEmailOrder;

namespace Notifications.Core.Tests.Orders.Registration;

/// <summary>
/// The rules the three registration endpoints share, checked on all three at once: each endpoint keeps its own message,
/// and none skips a rule another one checks (they had drifted apart).
/// </summary>
public sealed class RegistrationRulesTests
{
    private static readonly FixedTimeProvider Clock = new();
    private static readonly IOptions<EmailDefaults> Defaults = Options.Create(new EmailDefaults { AllowedSenderDomains = { "verified.example" } });

    private static readonly CreateEmailOrderValidator V1 = new(Clock);
    private static readonly CreateOrderChainValidator Chain = new(Defaults, Clock);
    private static readonly SendInstantEmailValidator Instant = new(Defaults);

    private static EmailSettingsInput Settings(string? sender = null, SendingTimePolicy policy = SendingTimePolicy.Anytime) =>
        new("Subject", "Body", EmailContentType.Plain, sender, policy);

    private static CreateOrderChainCommand ChainOf(EmailSettingsInput settings, DateTime? sendTime = null) =>
        new("ttd", "case-1", new ChainRecipientInput(RecipientEmail: new RecipientEmailInput("a@example.com", settings)), RequestedSendTime: sendTime);

    private static SendInstantEmailCommand InstantOf(EmailSettingsInput settings, string? idempotencyId = "case-1") =>
        new("ttd", idempotencyId, null, new RecipientEmailInput("a@example.com", settings));

    private static IEnumerable<(string Key, string Message)> Errors<T>(IValidator<T> validator, T command) =>
        validator.Validate(command).Errors.Select(e => (e.PropertyName, e.ErrorMessage));

    [TestCase("post@verified.example\u0001", "The sender email address must not contain control characters.")]
    [TestCase("not an address", "The sender email address is not valid.")]
    [TestCase("post@elsewhere.example", "The sender email address is not allowed.")]
    public void Sender_IsCheckedAlikeByChainsAndInstantEmails(string sender, string message)
    {
        Assert.That(Errors(Chain, ChainOf(Settings(sender))),
            Is.EqualTo(new[] { ("Recipient.RecipientEmail.EmailSettings.SenderEmailAddress", message) }));
        Assert.That(Errors(Instant, InstantOf(Settings(sender))),
            Is.EqualTo(new[] { ("RecipientEmail.EmailSettings.SenderEmailAddress", message) }));
    }

    [Test]
    public void EmptySender_MeansTheDefaultEverywhere()
    {
        Assert.That(Errors(Chain, ChainOf(Settings(""))), Is.Empty);
        Assert.That(Errors(Instant, InstantOf(Settings(""))), Is.Empty);
        Assert.That(Defaults.Value.SenderOr(""), Is.EqualTo("noreply@notifications.local"));
        Assert.That(Defaults.Value.SenderOr(null), Is.EqualTo("noreply@notifications.local"));
        Assert.That(Defaults.Value.SenderOr("post@verified.example"), Is.EqualTo("post@verified.example"));
    }

    [Test]
    public void SendingTimePolicy_OtherThanAnytime_IsRefusedByChainsAndInstantEmails()
    {
        Assert.That(Errors(Chain, ChainOf(Settings(policy: SendingTimePolicy.Daytime))),
            Is.EqualTo(new[] { ("Recipient.RecipientEmail.EmailSettings.SendingTimePolicy", "Email only supports send time anytime") }));
        Assert.That(Errors(Instant, InstantOf(Settings(policy: SendingTimePolicy.Daytime))),
            Is.EqualTo(new[] { ("RecipientEmail.EmailSettings.SendingTimePolicy", "Email only supports send time anytime") }));
    }

    [Test]
    public void EmptySubjectAndBody_KeepEachEndpointsMessage()
    {
        var empty = new EmailSettingsInput("", "");
        Assert.That(Errors(V1, TestCommands.Valid() with { Subject = "", Body = "" }), Is.EqualTo(new[]
        {
            ("Subject", "The email template subject must not be empty."), ("Body", "The email template body must not be empty."),
        }));
        Assert.That(Errors(Chain, ChainOf(empty)), Is.EqualTo(new[]
        {
            ("Recipient.RecipientEmail.EmailSettings.Subject", "The email subject must not be empty."),
            ("Recipient.RecipientEmail.EmailSettings.Body", "The email body must not be empty."),
        }));
        Assert.That(Errors(Instant, InstantOf(empty)), Is.EqualTo(new[]
        {
            ("RecipientEmail.EmailSettings.Subject", "The email subject cannot be empty."),
            ("RecipientEmail.EmailSettings.Body", "The email body cannot be empty."),
        }));
    }

    [Test]
    public void SendTime_WithoutZoneOrInThePast_KeepsEachEndpointsMessage()
    {
        var noZone = new DateTime(2030, 1, 1, 8, 0, 0, DateTimeKind.Unspecified);
        var stale = Clock.UtcNow.UtcDateTime - RegistrationLimits.SendTimeGrace - TimeSpan.FromSeconds(1);
        var withinGrace = Clock.UtcNow.UtcDateTime - RegistrationLimits.SendTimeGrace + TimeSpan.FromSeconds(1);

        Assert.That(Errors(V1, TestCommands.Valid() with { RequestedSendTime = noZone }),
            Is.EqualTo(new[] { ("RequestedSendTime", "The requested send time value must have specified a time zone.") }));
        Assert.That(Errors(Chain, ChainOf(Settings(), noZone)),
            Is.EqualTo(new[] { ("RequestedSendTime", "The requested send time value must have specified a time zone.") }));
        Assert.That(Errors(V1, TestCommands.Valid() with { RequestedSendTime = stale }),
            Is.EqualTo(new[] { ("RequestedSendTime", "Send time must be in the future. Leave blank to send immediately.") }));
        Assert.That(Errors(Chain, ChainOf(Settings(), stale)),
            Is.EqualTo(new[] { ("RequestedSendTime", "RequestedSendTime must be greater than or equal to now.") }));
        Assert.That(Errors(V1, TestCommands.Valid() with { RequestedSendTime = withinGrace }), Is.Empty);
        Assert.That(Errors(Chain, ChainOf(Settings(), withinGrace)), Is.Empty);
    }

    [TestCase("ftp://example.com/x")]
    [TestCase("/relative")]
    [TestCase("mailto:someone@example.com")]
    public void ConditionEndpoint_ThatIsNotAnHttpUrl_IsRefusedByV1AndChains(string endpoint)
    {
        Assert.That(Errors(V1, TestCommands.Valid() with { ConditionEndpoint = endpoint }).Select(e => e.Key), Is.EqualTo(new[] { "ConditionEndpoint" }));
        Assert.That(Errors(Chain, ChainOf(Settings()) with { ConditionEndpoint = endpoint }).Select(e => e.Key), Is.EqualTo(new[] { "ConditionEndpoint" }));
    }

    /// <summary>The replay lookup looks up exactly the keys validation lets through: a blank key is neither.</summary>
    [TestCase(null, false)]
    [TestCase("", false)]
    [TestCase("   ", false)]
    [TestCase("key\0", false)]
    [TestCase("key-1", true)]
    [TestCase(" key with spaces ", true)]
    public void IdempotencyKey_IsWellFormedExactlyWhenTheValidatorsAcceptIt(string? key, bool wellFormed)
    {
        Assert.That(IdempotencyKeys.IsWellFormed(key), Is.EqualTo(wellFormed));
        Assert.That(Errors(Instant, InstantOf(Settings(), key)).Any(e => e.Key == "IdempotencyId"), Is.EqualTo(!wellFormed));
        Assert.That(Errors(Chain, ChainOf(Settings()) with { IdempotencyId = key }).Any(e => e.Key == "IdempotencyId"), Is.EqualTo(!wellFormed));
        if (key is not null)
        {
            Assert.That(Errors(V1, TestCommands.Valid() with { IdempotencyKey = key }).Any(e => e.Key == "Idempotency-Key"), Is.EqualTo(!wellFormed));
        }
    }

    [Test]
    public void IdempotencyKey_OverTheLimit_IsRefusedEverywhereAndNotLookedUp()
    {
        var key = new string('k', RegistrationLimits.MaxIdempotencyKeyLength + 1);

        Assert.That(IdempotencyKeys.IsWellFormed(key), Is.False);
        Assert.That(Errors(V1, TestCommands.Valid() with { IdempotencyKey = key }),
            Is.EqualTo(new[] { ("Idempotency-Key", "The Idempotency-Key header must not be longer than 255 characters.") }));
        Assert.That(Errors(Instant, InstantOf(Settings(), key)), Is.EqualTo(new[] { ("IdempotencyId", "IdempotencyId must not be longer than 255 characters.") }));
    }
}
