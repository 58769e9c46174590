using Notifications.Testing.Email;

namespace Notifications.Api.Tests.Http;

/// <summary>An order sent end to end through the SMTP provider to a real SMTP server (aiosmtpd) on loopback.</summary>
public sealed class SmtpPipelineTests : PipelineTestBase
{
    private SmtpSink _sink = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Email:Provider"] = "Smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
    };

    protected override async Task BeforeHostStartsAsync() => _sink = await SmtpSink.StartAsync();

    [OneTimeTearDown]
    public async Task StopSinkAsync() => await _sink.DisposeAsync();

    [Test]
    public async Task OrderDueNow_IsDeliveredToTheSmtpServer()
    {
        var before = _sink.Messages().Count;
        var orderId = await CreateOrderAsync(new
        {
            subject = "Hei $recipientName$",
            body = "Til $recipientName$ i $recipientNumber$",
            recipients = new object[]
            {
                new { organizationNumber = TestContacts.OrgWithTwoEmails },
                new { emailAddress = "direct@example.com" },
                new { nationalIdentityNumber = TestContacts.ReservedNin },
            },
        });

        await WaitForOrderStatusAsync(orderId, "Completed");

        var received = _sink.Messages().Skip(before).ToList();
        Assert.That(received.SelectMany(m => m.RcptTos), Is.EquivalentTo(new[] { "post@fjord.example", "leder@fjord.example", "direct@example.com" }));
        var toOrg = received.First(m => m.RcptTos.Contains("post@fjord.example")).Message;
        Assert.That(toOrg.Subject, Is.EqualTo("Hei Fjord Og Fjell AS"));
        Assert.That(toOrg.TextBody!.Trim(), Is.EqualTo($"Til Fjord Og Fjell AS i {TestContacts.OrgWithTwoEmails}"));
        var notifications = (await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email")))["notifications"]!.AsArray();
        var sentIds = notifications.Where(n => n!["sendStatus"]!["status"]!.GetValue<string>() == "Succeeded").Select(n => n!["id"]!.GetValue<Guid>()).ToList();
        Assert.That(sentIds, Has.Count.EqualTo(3));
        Assert.That(received.Select(m => m.Message.MessageId), Is.EquivalentTo(sentIds.Select(id => $"{id:N}@notifications")));
    }

    [Test]
    public async Task RecipientRejectedByTheServer_FailsWhileTemporaryRefusalsAreRetried()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "s",
            body = "b",
            recipients = new object[] { new { emailAddress = "reject-me@example.com" }, new { emailAddress = "tempfail-me@example.com" } },
        });

        await WaitUntilAsync(
            async () => await ScalarAsync<long>(
                "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND (status = 'Failed' OR (status = 'New' AND attempts >= 1))",
                orderId) == 2,
            20);

        var statuses = (await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email")))["notifications"]!.AsArray()
            .ToDictionary(n => n!["recipient"]!["emailAddress"]!.GetValue<string>(), n => n!["sendStatus"]!["status"]!.GetValue<string>());
        Assert.That(statuses["reject-me@example.com"], Is.EqualTo("Failed"));
        Assert.That(statuses["tempfail-me@example.com"], Is.EqualTo("New"), "a 4xx is transient: back to New with back-off");
        Assert.That(await OrderStatusAsync(orderId), Is.EqualTo("Processing"));
    }
}
