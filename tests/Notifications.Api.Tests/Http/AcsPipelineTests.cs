using System.Net;
using System.Text.Json.Nodes;
using Notifications.Testing.Email.Acs;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// Orders sent end to end through Azure Communication Services — a fake ACS on loopback that checks every request's
/// HMAC signature — then tracked by operation polls and Event Grid delivery reports.
/// </summary>
public sealed class AcsPipelineTests : PipelineTestBase
{
    private const string ReportKey = "report-key-for-tests";
    private FakeAcsServer _acs = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Email:Provider"] = "AzureCommunicationServices",
        ["Email:Acs:ConnectionString"] = _acs.ConnectionString(),
        ["Email:Acs:DeliveryReportKey"] = ReportKey,
        ["Dispatch:StatusPollIntervalSeconds"] = "1",
    };

    protected override async Task BeforeHostStartsAsync() => _acs = await FakeAcsServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAcsAsync() => await _acs.DisposeAsync();

    private async Task<JsonArray> NotificationsAsync(Guid orderId) =>
        (await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email")))["notifications"]!.AsArray();

    private async Task<IReadOnlyList<string>> StatusesAsync(Guid orderId) =>
        (await NotificationsAsync(orderId)).Select(n => n!["sendStatus"]!["status"]!.GetValue<string>()).ToList();

    /// <summary>
    /// Emails ACS accepted, as recorded: an email is Sending from its claim on, so "Sending" alone does not say the send
    /// (or, for a retry, its status read and then the send) has happened.
    /// </summary>
    private static Task<long> AcceptedAsync(Guid orderId) =>
        ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND operation_id IS NOT NULL", orderId);

    private Task<HttpResponseMessage> PostReportAsync(string messageId, string status, string? eventId = null) =>
        Client.SendAsync(Request(HttpMethod.Post, ReportUrl(ReportKey), json: ReportJson(messageId, status, eventId)));

    /// <summary>The delivery-report webhook's address with its key.</summary>
    internal static string ReportUrl(string key) => $"/notifications/api/v1/delivery-reports/email?code={key}";

    /// <summary>One ACS delivery report as Event Grid posts it.</summary>
    internal static string ReportJson(string messageId, string status, string? eventId = null) =>
        new JsonArray(new JsonObject

        {
            ["id"] = eventId ?? Guid.NewGuid().ToString(),
            ["eventType"] = "Microsoft.Communication.EmailDeliveryReportReceived",
            ["subject"] = $"sender/noreply@notifications.local/message/{messageId}",
            ["eventTime"] = DateTimeOffset.UtcNow,
            ["dataVersion"] = "1.0",
            ["data"] = new JsonObject
            {
                ["sender"] = "noreply@notifications.local",
                ["recipient"] = "someone@example.com",
                ["messageId"] = messageId,
                ["status"] = status,
                ["deliveryStatusDetails"] = new JsonObject { ["statusMessage"] = "No error." },
                ["deliveryAttemptTimeStamp"] = DateTimeOffset.UtcNow,
            },
        }).ToJsonString();

    [Test]
    public async Task Order_IsSentPolledToSucceededThenDeliveredByReport_AndCompletes()
    {
        _acs.DefaultOperationStatuses = [FakeAcsOperationStatus.Succeeded];
        var orderId = await CreateOrderAsync(new
        {
            subject = "Hei $recipientName$",
            body = "<p>Hei $recipientName$</p>",
            contentType = "Html",
            recipients = new object[] { new { organizationNumber = TestContacts.OrgWithMarkupInName }, new { emailAddress = "direct@example.com" } },
        });

        await WaitUntilAsync(async () => await StatusesAsync(orderId) is { Count: 2 } statuses && statuses.All(s => s == "Succeeded"), 30, () => "emails not Succeeded by poll");
        Assert.That(await OrderStatusAsync(orderId), Is.EqualTo("Processing"), "with ACS, Succeeded awaits a delivery report");
        var email = _acs.Emails.Single(e => e.To.Contains("post@smith.example"));
        Assert.That(email.Subject, Is.EqualTo("Hei Smith & Sønner <AS>"));
        Assert.That(email.Html, Is.EqualTo("<p>Hei Smith &amp; Sønner &lt;AS&gt;</p>"));
        Assert.That(email.SenderAddress, Is.EqualTo("noreply@notifications.local"));

        var ids = (await NotificationsAsync(orderId)).Select(n => n!["id"]!.GetValue<string>()).ToList();
        Assert.That(_acs.Emails.Select(e => e.OperationId), Is.EquivalentTo(ids), "the notification id is the Operation-Id");
        foreach (var id in ids)
        {
            Assert.That((await PostReportAsync(id, "Delivered")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await WaitForOrderStatusAsync(orderId, "Completed");
        Assert.That(await StatusesAsync(orderId), Is.All.EqualTo("Delivered"));
    }

    [Test]
    public async Task ThrottlingStorm_PausesDispatchAndEveryEmailIsAcceptedExactlyOnce()
    {
        _acs.EnqueueSendAnswers(
            FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(1)), FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(1)), FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(1)));
        var orderId = await CreateOrderAsync(new
        {
            subject = "s",
            body = "b",
            recipients = Enumerable.Range(0, 20).Select(i => new { emailAddress = $"storm{i}@example.com" }).ToArray(),
        });

        await WaitUntilAsync(async () => await AcceptedAsync(orderId) == 20, 60, () => "not every email was accepted");

        var ids = (await NotificationsAsync(orderId)).Select(n => n!["id"]!.GetValue<string>()).ToList();
        Assert.That(ids.Select(_acs.EmailsCreated), Is.All.EqualTo(1), "one email per Operation-Id");
        Assert.That(_acs.Requests.Count(r => r.StatusCode == 429), Is.EqualTo(3));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.provider_throttles WHERE provider = 'acs'"), Is.EqualTo(1L));
    }

    [Test]
    public async Task ServerError_IsRetriedWithTheSameOperationId()
    {
        _acs.EnqueueSendAnswers(FakeAcsAnswer.ServerError(503));
        var orderId = await CreateOrderAsync(EmailOrder("retry@example.com"));

        await WaitUntilAsync(async () => await AcceptedAsync(orderId) == 1, 30, () => "the email was not retried");

        var id = (await NotificationsAsync(orderId)).Single()!["id"]!.GetValue<string>();
        Assert.That(_acs.SendAttempts(id), Is.EqualTo(2));
        Assert.That(_acs.EmailsCreated(id), Is.EqualTo(1));
    }

    [Test]
    public async Task ReportArrivingBeforeTheSendIsRecorded_IsKeptAndAppliedAfterwards()
    {
        _acs.Latency = TimeSpan.FromSeconds(2);
        try
        {
            var orderId = await CreateOrderAsync(EmailOrder("early@example.com"));
            await WaitUntilAsync(async () => (await StatusesAsync(orderId)).SingleOrDefault() == "Sending", 10, () => "the send did not start");
            var id = (await NotificationsAsync(orderId)).Single()!["id"]!.GetValue<string>();

            // ACS is still answering the send: the report's message id matches no recorded operation yet.
            Assert.That((await PostReportAsync(id, "Delivered")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications WHERE operation_id = $1", id), Is.EqualTo(0L));

            await WaitForOrderStatusAsync(orderId, "Completed");
            Assert.That(await StatusesAsync(orderId), Is.EqualTo(new[] { "Delivered" }));
        }
        finally
        {
            _acs.Latency = TimeSpan.Zero;
        }
    }
}
