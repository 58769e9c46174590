using System.Net;
using System.Text.Json.Nodes;
using MimeKit;

namespace Notifications.Api.Tests.Http.Preview;

/// <summary>
/// POST /orders/email/preview shows what the pipeline then really sends: the same order is previewed, then registered
/// and sent through the Pickup provider, and each previewed email is compared with the <c>.eml</c> written for it.
/// </summary>
public sealed class PreviewEmailOrderTests : PipelineTestBase
{
    public const string PreviewUrl = EmailOrdersUrl + "/preview";

    private Task<HttpResponseMessage> PreviewAsync(object body, string? idempotencyKey = null)
    {
        var request = Request(HttpMethod.Post, PreviewUrl, TestTokens.Bearer(), json: body);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Client.SendAsync(request);
    }

    private async Task<JsonNode> PreviewOkAsync(object body)
    {
        var response = await PreviewAsync(body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await JsonOf(response);
    }

    private static string RecipientKey(JsonNode recipient) =>
        recipient["nationalIdentityNumber"]?.GetValue<string>()
        ?? (recipient["organizationNumber"]?.GetValue<string>() is { } org ? org + "/" + recipient["emailAddress"]?.GetValue<string>() : null)
        ?? recipient["emailAddress"]!.GetValue<string>();

    // MIME bodies end in a line break the template did not have.
    private static string BodyOf(MimeMessage message, string contentType) =>
        (contentType == "Html" ? message.HtmlBody : message.TextBody)!.ReplaceLineEndings("\n").TrimEnd('\n');

    private static object MixedOrder(string contentType) => new
    {
        subject = "Hei $recipientName$ ($recipientNumber$)",
        body = contentType == "Html"
            ? "<p>Hei $recipientName$</p>\n<p>Org: $recipientNumber$</p>"
            : "Hei $recipientName$\nOrg: $recipientNumber$",
        contentType,
        recipients = new object[]
        {
            new { emailAddress = "raw@example.com" },
            new { nationalIdentityNumber = TestContacts.PersonWithEmailNin },
            new { nationalIdentityNumber = TestContacts.ReservedNin },
            new { nationalIdentityNumber = TestContacts.UnknownNin },
            new { organizationNumber = TestContacts.OrgWithTwoEmails },
            new { organizationNumber = TestContacts.OrgWithMarkupInName },
            new { organizationNumber = TestContacts.OrgWithoutEmail },
        },
    };

    [TestCase("Plain")]
    [TestCase("Html")]
    public async Task Preview_OfPersonsOrganisationsAndAddresses_ShowsWhatThePipelineThenSends(string contentType)
    {
        var preview = await PreviewOkAsync(MixedOrder(contentType));
        var emails = preview["emails"]!.AsArray().Select(e => e!).ToList();

        var orderId = await CreateOrderAsync(MixedOrder(contentType));
        await WaitForOrderStatusAsync(orderId, "Completed");

        var sent = (await Task.WhenAll(PickedUpFiles().Select(f => MimeMessage.LoadAsync(f))))
            .ToDictionary(m => m.To.Mailboxes.Single().Address);
        var toSend = emails.Where(e => e["status"]!.GetValue<string>() == "New").ToList();
        Assert.That(toSend.Select(e => e["toAddress"]!.GetValue<string>()), Is.EquivalentTo(sent.Keys));
        Assert.That(toSend, Has.Count.EqualTo(5), "raw address, Kari, two Fjord addresses, Smith");
        foreach (var email in toSend)
        {
            var message = sent[email["toAddress"]!.GetValue<string>()];
            Assert.That(email["subject"]!.GetValue<string>(), Is.EqualTo(message.Subject));
            Assert.That(email["body"]!.GetValue<string>(), Is.EqualTo(BodyOf(message, contentType)));
            Assert.That(email["contentType"]!.GetValue<string>(), Is.EqualTo(contentType));
        }

        // Written down, not computed: the encoding is the send path's, and the subject is never encoded.
        var smith = sent["post@smith.example"];
        Assert.That(smith.Subject, Is.EqualTo($"Hei Smith & Sønner <AS> ({TestContacts.OrgWithMarkupInName})"));
        Assert.That(BodyOf(smith, contentType), Is.EqualTo(contentType == "Html"
            ? $"<p>Hei Smith &amp; Sønner &lt;AS&gt;</p>\n<p>Org: {TestContacts.OrgWithMarkupInName}</p>"
            : $"Hei Smith & Sønner <AS>\nOrg: {TestContacts.OrgWithMarkupInName}"));

        var notifications = (await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email")))["notifications"]!.AsArray();
        Assert.That(preview["totalEmails"]!.GetValue<int>(), Is.EqualTo(notifications.Count));
        Assert.That(
            emails.ToDictionary(e => RecipientKey(e["recipient"]!), e => e["status"]!.GetValue<string>()),
            Is.EquivalentTo(notifications.ToDictionary(
                n => RecipientKey(n!["recipient"]!),
                n => n!["sendStatus"]!["status"]!.GetValue<string>() is "Succeeded" ? "New" : n["sendStatus"]!["status"]!.GetValue<string>())));
        Assert.That(emails.Where(e => e["status"]!.GetValue<string>() != "New").Select(e => e["toAddress"]), Is.All.Null);
    }

    [Test]
    public async Task Preview_ReportsTheRecipientLookupAsRegistrationDoes()
    {
        var body = new
        {
            subject = "s",
            body = "b",
            recipients = new object[]
            {
                new { nationalIdentityNumber = TestContacts.ReservedNin },
                new { nationalIdentityNumber = TestContacts.PersonWithEmailNin },
                new { organizationNumber = TestContacts.OrgWithoutEmail },
            },
        };

        var preview = await PreviewOkAsync(body);
        var registered = await JsonOf(await PostOrderAsync(body));

        Assert.That(preview["recipientLookup"]!.ToJsonString(), Is.EqualTo(registered["recipientLookup"]!.ToJsonString()));
        Assert.That(preview["recipientLookup"]!["status"]!.GetValue<string>(), Is.EqualTo("PartialSuccess"));
        Assert.That(preview["recipientLookup"]!["isReserved"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { TestContacts.ReservedNin }));
        Assert.That(preview["recipientLookup"]!["missingContact"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { TestContacts.OrgWithoutEmail }));
        Assert.That((await PreviewOkAsync(EmailOrder()))["recipientLookup"], Is.Null, "no lookup for address-only orders");
    }

    [Test]
    public async Task Preview_WithIgnoreReservation_ShowsTheReservedPersonsAddress()
    {
        var preview = await PreviewOkAsync(new
        {
            subject = "s",
            body = "b",
            ignoreReservation = true,
            recipients = new[] { new { nationalIdentityNumber = TestContacts.ReservedNin } },
        });

        var email = preview["emails"]!.AsArray().Single()!;
        Assert.That(email["status"]!.GetValue<string>(), Is.EqualTo("New"));
        Assert.That(email["toAddress"]!.GetValue<string>(), Is.EqualTo("ola@example.com"));
    }

    [Test]
    public async Task Preview_StoresAndSendsNothing_EvenWithAnIdempotencyKeyOrAConditionEndpoint()
    {
        var response = await PreviewAsync(
            new
            {
                subject = "s",
                body = "b",
                // Not a listening port: preview must not ask it, and the order it describes is never stored to ask later.
                conditionEndpoint = "http://127.0.0.1:9/never-called",
                recipients = new object[] { new { emailAddress = "a@example.com" }, new { organizationNumber = TestContacts.OrgWithEmail } },
            },
            idempotencyKey: "preview-key");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await JsonOf(response))["totalEmails"]!.GetValue<int>(), Is.EqualTo(2));

        // Once an order registered after the preview has been sent, dispatch would have sent anything the preview left behind.
        var marker = await SendMarkerOrderAsync();
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders WHERE id <> $1", marker), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications WHERE order_id <> $1", marker), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.idempotency_keys"), Is.Zero);
        Assert.That(await PickedUpRecipientsAsync(), Is.EqualTo(new[] { MarkerAddress }));

        // The key was not taken: registering with it creates an order (202), not a replay.
        Assert.That((await PostOrderAsync(EmailOrder(), idempotencyKey: "preview-key")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task Preview_OfMoreThan20Emails_ShowsTheFirst20AndCountsThemAll()
    {
        var addresses = Enumerable.Range(0, 24).Select(i => $"user{i:D2}@example.com").ToList();
        var preview = await PreviewOkAsync(new
        {
            subject = "s",
            body = "b",
            recipients = addresses.Select(a => new { emailAddress = a })
                .Append(new { emailAddress = "USER00@example.com" }) // an exact duplicate: sent once
                .Cast<object>()
                .Append(new { organizationNumber = TestContacts.OrgWithTwoEmails }),
        });

        Assert.That(preview["totalEmails"]!.GetValue<int>(), Is.EqualTo(26));
        Assert.That(preview["emails"]!.AsArray().Select(e => e!["toAddress"]!.GetValue<string>()), Is.EqualTo(addresses.Take(20)));
    }
}
