using MimeKit;

namespace Notifications.Api.Tests.Http;

/// <summary>Orders become emails: fan-out, personalisation, reservation, completion, via the Pickup provider.</summary>
public sealed class PipelineTests : PipelineTestBase
{
    [Test]
    public async Task OrderDueNow_IsDeliveredToThePickupDirectoryAndCompleted()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "Hello $recipientName$",
            body = "Plain body for $recipientName$ ($recipientNumber$).",
            recipients = new[] { new { emailAddress = "someone@example.com" } },
        });

        await WaitForOrderStatusAsync(orderId, "Completed");

        var file = PickedUpFiles().Single();
        var message = await MimeMessage.LoadAsync(file);
        Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("someone@example.com"));
        Assert.That(message.Subject!.TrimEnd(), Is.EqualTo("Hello"), "placeholders are empty for raw email recipients");
        Assert.That(message.TextBody!.Trim(), Is.EqualTo("Plain body for  ()."));
        var notifications = await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email"));
        Assert.That(notifications["generated"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(notifications["succeeded"]!.GetValue<int>(), Is.EqualTo(1));
        var notification = notifications["notifications"]!.AsArray().Single()!;
        Assert.That(Path.GetFileNameWithoutExtension(file), Is.EqualTo(notification["id"]!.GetValue<string>()));
        Assert.That(notification["sendStatus"]!["status"]!.GetValue<string>(), Is.EqualTo("Succeeded"));
        Assert.That(notification["sendStatus"]!["description"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(notification["recipient"]!["emailAddress"]!.GetValue<string>(), Is.EqualTo("someone@example.com"));
        var summary = (await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/status")))["notificationsStatusSummary"]!["email"]!;
        Assert.That(summary["generated"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(summary["succeeded"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(summary["links"]!["self"]!.GetValue<string>(), Does.EndWith($"{OrdersUrl}/{orderId}/notifications/email"));
    }

    [Test]
    public async Task FutureOrder_IsNotSentEarlyAndIsSentOnceDue()
    {
        var due = DateTimeOffset.UtcNow.AddSeconds(4);
        var orderId = await CreateOrderAsync(EmailOrder("later@example.com", sendTime: due));

        await SendMarkerOrderAsync();
        var recipients = await PickedUpRecipientsAsync();
        var status = await OrderStatusAsync(orderId);
        // Looked at before it fell due, on the database's clock (which decides what is due)? A machine so slow that the
        // marker took the 4 s leaves nothing to check.
        Assume.That(await ScalarAsync<bool>("SELECT now() < $1", due.UtcDateTime), "the marker was sent before the order fell due");
        Assert.That(recipients, Is.EqualTo(new[] { MarkerAddress }));
        Assert.That(status, Is.EqualTo("Registered"));

        await WaitForOrderStatusAsync(orderId, "Completed");
        var sent = File.GetLastWriteTimeUtc(PickedUpFiles().Single(f => MimeMessage.Load(f).To.Mailboxes.Single().Address == "later@example.com"));
        Assert.That(sent, Is.GreaterThanOrEqualTo(due.UtcDateTime.AddMilliseconds(-50)));
    }

    [Test]
    public async Task OrganisationRecipient_FansOutToEachAddressWithPersonalisation()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "Til $recipientName$",
            body = "Org $recipientNumber$",
            recipients = new[] { new { organizationNumber = TestContacts.OrgWithTwoEmails } },
        });

        await WaitForOrderStatusAsync(orderId, "Completed");

        var messages = await Task.WhenAll(PickedUpFiles().Select(f => MimeMessage.LoadAsync(f)));
        Assert.That(messages.Select(m => m.To.Mailboxes.Single().Address), Is.EquivalentTo(new[] { "post@fjord.example", "leder@fjord.example" }));
        Assert.That(messages.Select(m => m.Subject), Is.All.EqualTo("Til Fjord Og Fjell AS"));
        Assert.That(messages.Select(m => m.TextBody!.Trim()), Is.All.EqualTo($"Org {TestContacts.OrgWithTwoEmails}"));
    }

    [Test]
    public async Task HtmlBody_GetsHtmlEncodedValuesWhileTheSubjectStaysPlain()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "Hei $recipientName$",
            body = "<p>Hei $recipientName$</p>",
            contentType = "Html",
            recipients = new[] { new { organizationNumber = TestContacts.OrgWithMarkupInName } },
        });

        await WaitForOrderStatusAsync(orderId, "Completed");

        var message = await MimeMessage.LoadAsync(PickedUpFiles().Single());
        Assert.That(message.HtmlBody, Does.Contain("<p>Hei Smith &amp; Sønner &lt;AS&gt;</p>"));
        Assert.That(message.Subject, Is.EqualTo("Hei Smith & Sønner <AS>"));
        Assert.That(message.Bcc, Is.Empty);
    }

    [Test]
    public async Task PersonRecipients_AreSentOrFailedByReservationAndContactDetails()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "Hei $recipientName$",
            body = "Nummer: [$recipientNumber$]",
            recipients = new object[]
            {
                new { nationalIdentityNumber = TestContacts.PersonWithEmailNin },
                new { nationalIdentityNumber = TestContacts.ReservedNin },
                new { nationalIdentityNumber = TestContacts.UnknownNin },
                new { organizationNumber = TestContacts.OrgWithoutEmail },
            },
        });

        await WaitForOrderStatusAsync(orderId, "Completed");

        var message = await MimeMessage.LoadAsync(PickedUpFiles().Single());
        Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("kari@example.com"));
        Assert.That(message.Subject, Is.EqualTo("Hei Kari Nordmann"));
        Assert.That(message.TextBody!.Trim(), Is.EqualTo("Nummer: []"), "a NIN is never written into an email");
        var notifications = (await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email")))["notifications"]!.AsArray();
        var statusByRecipient = notifications.ToDictionary(
            n => n!["recipient"]!["nationalIdentityNumber"]?.GetValue<string>() ?? n!["recipient"]!["organizationNumber"]!.GetValue<string>(),
            n => n!["sendStatus"]!["status"]!.GetValue<string>());
        Assert.That(statusByRecipient, Is.EquivalentTo(new Dictionary<string, string>
        {
            [TestContacts.PersonWithEmailNin] = "Succeeded",
            [TestContacts.ReservedNin] = "Failed_RecipientReserved",
            [TestContacts.UnknownNin] = "Failed_RecipientNotIdentified",
            [TestContacts.OrgWithoutEmail] = "Failed_RecipientNotIdentified",
        }));
    }

    [Test]
    public async Task ReservedPerson_WithIgnoreReservation_IsSent()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "s",
            body = "b",
            ignoreReservation = true,
            recipients = new[] { new { nationalIdentityNumber = TestContacts.ReservedNin } },
        });

        await WaitForOrderStatusAsync(orderId, "Completed");

        Assert.That((await MimeMessage.LoadAsync(PickedUpFiles().Single())).To.Mailboxes.Single().Address, Is.EqualTo("ola@example.com"));
    }

    [Test]
    public async Task OrderWithOnlyUnreachableRecipients_CompletesWithoutSending()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "s",
            body = "b",
            recipients = new[] { new { nationalIdentityNumber = TestContacts.ReservedNin } },
        });

        await WaitForOrderStatusAsync(orderId, "Completed");

        Assert.That(PickedUpFiles(), Is.Empty);
    }

    [Test]
    public async Task EmailsNotSentWithin48Hours_FailWithTtlAndTheOrderCompletes()
    {
        var orderId = await CreateOrderAsync(EmailOrder(sendTime: DateTimeOffset.UtcNow.AddDays(1)));
        await ExecuteAsync(
            "UPDATE notifications.orders SET requested_send_time = now() - interval '49 hours', due_at = now() WHERE id = $1", orderId);

        await WaitForOrderStatusAsync(orderId, "Completed");

        var notification = (await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email")))["notifications"]!.AsArray().Single()!;
        Assert.That(notification["sendStatus"]!["status"]!.GetValue<string>(), Is.EqualTo("Failed_TTL"));
        Assert.That(PickedUpFiles(), Is.Empty);
    }
}
