using System.Net;
using System.Text.Json.Nodes;
using static Notifications.Api.Tests.Http.Future.FutureOrderRequests;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>Every 400 of <c>POST /future/orders</c>: Altinn's messages, keyed by the JSON's paths in PascalCase; nothing stored.</summary>
public sealed class FutureOrderValidationTests : ApiTestBase
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:AllowedSenderDomains:0"] = "verified.example",
    };

    private static JsonObject Email(JsonObject chain) => chain["recipient"]!["recipientEmail"]!.AsObject();

    private static JsonObject EmailSettings(JsonObject chain) => Email(chain)["emailSettings"]!.AsObject();

    private static TestCaseData Case(string name, Action<JsonObject> change, string key, string message) =>
        new TestCaseData(change, key, message).SetName($"Post_{name}_Is400");

    private static IEnumerable<TestCaseData> Invalid()
    {
        yield return Case("NoIdempotencyId", c => c.Remove("idempotencyId"), "IdempotencyId", "IdempotencyId cannot be null or empty.");
        yield return Case("EmptyIdempotencyId", c => c["idempotencyId"] = "", "IdempotencyId", "IdempotencyId cannot be null or empty.");
        yield return Case("LongIdempotencyId", c => c["idempotencyId"] = new string('k', 256), "IdempotencyId", "IdempotencyId must not be longer than 255 characters.");
        yield return Case("NoRecipient", c => c.Remove("recipient"), "Recipient", "Must have exactly one recipient.");
        yield return Case("EmptyRecipient", c => c["recipient"] = new JsonObject(), "Recipient", "Must have exactly one recipient.");
        yield return Case("TwoRecipients", c => c["recipient"]!["recipientPerson"] = PersonRecipient(TestContacts.PersonWithEmailNin)["recipientPerson"]!.DeepClone(),
            "Recipient", "Must have exactly one recipient.");
        yield return Case("SmsRecipient", c => c["recipient"] = new JsonObject { ["recipientSms"] = new JsonObject { ["phoneNumber"] = "+4799999999" } },
            "Recipient.RecipientSms", "This service sends email only.");
        yield return Case("BadEmailAddress", c => Email(c)["emailAddress"] = "not-an-address", "Recipient.RecipientEmail.EmailAddress", "Invalid email address format.");
        yield return Case("NoEmailSettings", c => Email(c).Remove("emailSettings"), "Recipient.RecipientEmail.EmailSettings", "Recipient email settings cannot be null.");
        yield return Case("EmptySubject", c => EmailSettings(c)["subject"] = "", "Recipient.RecipientEmail.EmailSettings.Subject", "The email subject must not be empty.");
        yield return Case("EmptyBody", c => EmailSettings(c)["body"] = "", "Recipient.RecipientEmail.EmailSettings.Body", "The email body must not be empty.");
        yield return Case("Daytime", c => EmailSettings(c)["sendingTimePolicy"] = "Daytime",
            "Recipient.RecipientEmail.EmailSettings.SendingTimePolicy", "Email only supports send time anytime");
        yield return Case("BadSender", c => EmailSettings(c)["senderEmailAddress"] = "nobody", "Recipient.RecipientEmail.EmailSettings.SenderEmailAddress", "The sender email address is not valid.");
        yield return Case("SenderOutsideAllowedDomains", c => EmailSettings(c)["senderEmailAddress"] = "post@elsewhere.example",
            "Recipient.RecipientEmail.EmailSettings.SenderEmailAddress", "The sender email address is not allowed.");
        yield return Case("NulInSubject", c => EmailSettings(c)["subject"] = "a\u0000b",
            "Recipient.RecipientEmail.EmailSettings.Subject", "The subject must not contain control characters.");
        yield return Case("ShortNin", c => c["recipient"] = PersonRecipient("123"), "Recipient.RecipientPerson.NationalIdentityNumber", "National identity number must be 11 digits long.");
        yield return Case("ShortOrgNumber", c => c["recipient"] = OrganizationRecipient("12345"), "Recipient.RecipientOrganization.OrgNumber", "Organization number must be 9 digits long.");
        yield return Case("SmsChannel", c => c["recipient"] = PersonRecipient(TestContacts.PersonWithEmailNin, "Sms"),
            "Recipient.RecipientPerson.ChannelSchema", "This service sends email only: channelSchema must be Email, EmailPreferred or SmsPreferred.");
        yield return Case("EmailAndSmsChannel", c => c["recipient"] = OrganizationRecipient(TestContacts.OrgWithEmail, "EmailAndSms"),
            "Recipient.RecipientOrganization.ChannelSchema", "This service sends email only: channelSchema must be Email, EmailPreferred or SmsPreferred.");
        yield return Case("NoChannel", c => { c["recipient"] = PersonRecipient(TestContacts.PersonWithEmailNin); c["recipient"]!["recipientPerson"]!.AsObject().Remove("channelSchema"); },
            "Recipient.RecipientPerson.ChannelSchema", "The ChannelSchema field is required.");
        yield return Case("EmailPreferredWithoutSettings", c => { c["recipient"] = PersonRecipient(TestContacts.PersonWithEmailNin, "EmailPreferred"); c["recipient"]!["recipientPerson"]!.AsObject().Remove("emailSettings"); },
            "Recipient.RecipientPerson.EmailSettings", "EmailSettings must be set when ChannelSchema is EmailPreferred");
        yield return Case("BadResourceId", c => { c["recipient"] = PersonRecipient(TestContacts.PersonWithEmailNin); c["recipient"]!["recipientPerson"]!["resourceId"] = "app_ttd_x"; },
            "Recipient.RecipientPerson.ResourceId", "ResourceId must have a valid syntax.");
        yield return Case("ResourceActionWithoutResource", c => { c["recipient"] = OrganizationRecipient(TestContacts.OrgWithEmail); c["recipient"]!["recipientOrganization"]!["resourceAction"] = "read"; },
            "Recipient.RecipientOrganization.ResourceAction", "ResourceAction cannot be specified without a ResourceId.");
        yield return Case("OtherExternalIdentity", c => c["recipient"] = new JsonObject
        {
            ["recipientExternalIdentity"] = new JsonObject { ["externalIdentity"] = "urn:altinn:person:legacy-selfidentified:ola", ["channelSchema"] = "Email", ["emailSettings"] = Settings() },
        }, "Recipient.RecipientExternalIdentity.ExternalIdentity", "Only idporten-email external identities can be reached by email.");
        yield return Case("SendTimeWithoutZone", c => c["requestedSendTime"] = "2030-01-01T08:00:00", "RequestedSendTime", "The requested send time value must have specified a time zone.");
        yield return Case("SendTimeInThePast", c => c["requestedSendTime"] = "2020-01-01T08:00:00Z", "RequestedSendTime", "RequestedSendTime must be greater than or equal to now.");
        yield return Case("RelativeConditionEndpoint", c => c["conditionEndpoint"] = "/condition", "ConditionEndpoint", "ConditionEndpoint must be a valid absolute URI or null.");
        yield return Case("FtpConditionEndpoint", c => c["conditionEndpoint"] = "ftp://example.com/condition", "ConditionEndpoint", "ConditionEndpoint must use http or https scheme.");
        yield return Case("ReminderWithBothTimes", c => c["reminders"] = new JsonArray(Reminder(delayDays: 1, requestedSendTime: DateTimeOffset.UtcNow.AddDays(1))),
            "Reminders[0]", "Either DelayDays or RequestedSendTime must be defined, but not both.");
        yield return Case("ReminderWithNoTime", c => c["reminders"] = new JsonArray(Reminder()), "Reminders[0]", "Either DelayDays or RequestedSendTime must be defined, but not both.");
        yield return Case("ReminderZeroDays", c => c["reminders"] = new JsonArray(Reminder(delayDays: 0)), "Reminders[0].DelayDays", "DelayDays must be greater than or equal to 1 day.");
        yield return Case("ReminderAfterAYear", c => c["reminders"] = new JsonArray(Reminder(delayDays: 366)), "Reminders[0].DelayDays", "DelayDays must be at most 365 days.");
        yield return Case("ReminderInThePast", c => c["reminders"] = new JsonArray(Reminder(requestedSendTime: DateTimeOffset.UtcNow.AddDays(-1))),
            "Reminders[0].RequestedSendTime", "RequestedSendTime must be greater than or equal to the current UTC time.");
        yield return Case("ReminderWithoutRecipient", c => { var r = Reminder(delayDays: 1); r.Remove("recipient"); c["reminders"] = new JsonArray(r); },
            "Reminders[0].Recipient", "Must have exactly one recipient.");
        yield return Case("ReminderEmptySubject", c => { var r = Reminder(delayDays: 1); r["recipient"]!["recipientEmail"]!["emailSettings"]!["subject"] = ""; c["reminders"] = new JsonArray(r); },
            "Reminders[0].Recipient.RecipientEmail.EmailSettings.Subject", "The email subject must not be empty.");
        yield return Case("ElevenReminders", c => c["reminders"] = new JsonArray(Enumerable.Range(1, 11).Select(d => (JsonNode)Reminder(delayDays: d)).ToArray()),
            "Reminders", "An order can have at most 10 reminders.");
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task Post_InvalidRequest_Is400NamingTheField(Action<JsonObject> change, string key, string message)
    {
        var chain = Chain();
        change(chain);

        var response = await Client.SendAsync(Request(HttpMethod.Post, Url, TestTokens.Bearer("ttd"), json: chain.ToJsonString()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await JsonOf(response))["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { key }), errors.ToJsonString());
        Assert.That(errors[key]!.AsArray().Select(m => m!.GetValue<string>()), Does.Contain(message));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.order_chains"), Is.Zero);
    }

    [Test]
    public async Task Post_NotJson_Is415()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent("idempotencyId=x", System.Text.Encoding.UTF8, "text/plain") };
        request.Headers.Authorization = new("Bearer", TestTokens.Bearer("ttd"));

        var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task Post_WithoutToken_Is401()
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, Url, json: Chain().ToJsonString()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
