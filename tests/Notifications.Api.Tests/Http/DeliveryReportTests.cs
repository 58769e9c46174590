using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Npgsql;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// The ACS delivery-report webhook, end to end on the real database. Dispatch is off: the emails are inserted by
/// hand in the state a send would leave them, so only the reports move them.
/// </summary>
public sealed class DeliveryReportTests : ApiTestBase
{
    public const string Url = "/notifications/api/v1/delivery-reports/email";
    private const string Key = "test-delivery-report-key-7f3a9c";
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Email:Acs:DeliveryReportKey"] = Key };

    [TestCase(null, null)]
    [TestCase("wrong", null)]
    [TestCase(null, "wrong")]
    [TestCase("", "")]
    public async Task Post_WithoutTheRightKey_Returns401ProblemDetails(string? code, string? header)
    {
        var response = await PostAsync(Report("e1", "op-1", "Delivered", T0), code: code, header: header);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase(Key, null)]
    [TestCase(null, Key)]
    [TestCase("wrong", Key)]
    public async Task Post_WithTheKeyInQueryOrHeader_IsAccepted(string? code, string? header)
    {
        var (orderId, _) = await CreateEmailAsync("Sending", "op-1");

        var response = await PostAsync(Report("e1", "op-1", "Delivered", T0), code: code, header: header);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EmailStatusAsync(orderId), Is.EqualTo("Delivered"));
    }

    [Test]
    public async Task Post_SubscriptionValidationEvent_EchoesTheValidationCode()
    {
        var body = Serialize(new[]
        {
            new
            {
                id = "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
                topic = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z",
                subject = "",
                data = new { validationCode = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", validationUrl = "https://rp-eastus2.eventgrid.azure.net/x" },
                eventType = "Microsoft.EventGrid.SubscriptionValidationEvent",
                eventTime = "2026-11-20T12:00:00.000Z",
                metadataVersion = "1",
                dataVersion = "1",
            },
        });

        var response = await PostAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JsonOf(response))["validationResponse"]!.GetValue<string>(), Is.EqualTo("512d38b6-c7b8-40c8-89fe-f46f9e9622b6"));
    }

    [Test]
    public async Task Options_CloudEventsHandshake_EchoesTheOriginWithoutAKey()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Url);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        request.Headers.Add("WebHook-Request-Rate", "120");

        var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("WebHook-Allowed-Origin").Single(), Is.EqualTo("eventgrid.azure.net"));
        Assert.That(response.Headers.GetValues("WebHook-Allowed-Rate").Single(), Is.EqualTo("*"));
    }

    [Test]
    public async Task Options_WithoutAnOrigin_AllowsAnyOrigin()
    {
        var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, Url));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("WebHook-Allowed-Origin").Single(), Is.EqualTo("*"));
    }

    [Test]
    public async Task DeliveredReport_ForTheLastEmailInSending_MarksItDeliveredAndCompletesTheOrder()
    {
        var (orderId, _) = await CreateEmailAsync("Sending", "op-1");
        Assert.That(await OrderStatusAsync(orderId), Is.EqualTo("Processing"));

        var response = await PostAsync(Report("e1", "op-1", "Delivered", T0));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var notifications = await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email"));
        Assert.That(notifications["notifications"]![0]!["sendStatus"]!["status"]!.GetValue<string>(), Is.EqualTo("Delivered"));
        Assert.That(notifications["succeeded"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(await OrderStatusAsync(orderId), Is.EqualTo("Completed"));
    }

    [TestCase("Delivered", "Delivered")]
    [TestCase("Bounced", "Failed_Bounced")]
    [TestCase("Suppressed", "Failed_SupressedRecipient")]
    [TestCase("Quarantined", "Failed_Quarantined")]
    [TestCase("FilteredSpam", "Failed_FilteredSpam")]
    [TestCase("Failed", "Failed")]
    [TestCase("filteredspam", "Failed_FilteredSpam")]
    [TestCase("Expanded", "Succeeded")]
    [TestCase("SomethingNew", "Succeeded")]
    public async Task Report_EachAcsStatus_MapsToItsEmailStatus(string acsStatus, string expected)
    {
        var (orderId, _) = await CreateEmailAsync("Succeeded", "op-1");

        var response = await PostAsync(Report("e1", "op-1", acsStatus, T0));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EmailStatusAsync(orderId), Is.EqualTo(expected));
    }

    [TestCase("deliveryAttemptTimeStamp")]
    [TestCase("deliveryAttemptTimestamp")]
    [TestCase("DELIVERYATTEMPTTIMESTAMP")]
    public async Task Report_EitherTimestampSpelling_IsTheDeliveryAttemptTime(string spelling)
    {
        await PostAsync(Report("e1", "op-1", "Delivered", T0.AddMinutes(3), eventTime: T0.AddMinutes(9), timestampName: spelling));

        Assert.That(await ScalarAsync<DateTime>("SELECT delivery_attempt_at FROM notifications.delivery_reports WHERE event_id = 'e1'"),
            Is.EqualTo(T0.AddMinutes(3).UtcDateTime));
    }

    [Test]
    public async Task Report_WithoutADeliveryAttemptTime_FallsBackToTheEventTime()
    {
        await PostAsync(Report("e1", "op-1", "Delivered", null, eventTime: T0.AddMinutes(9)));

        Assert.That(await ScalarAsync<DateTime>("SELECT delivery_attempt_at FROM notifications.delivery_reports WHERE event_id = 'e1'"),
            Is.EqualTo(T0.AddMinutes(9).UtcDateTime));
    }

    [Test]
    public async Task BounceAfterDelivered_OverridesIt()
    {
        var (orderId, _) = await CreateEmailAsync("Sending", "op-1");

        await PostAsync(Report("e1", "op-1", "Delivered", T0));
        await PostAsync(Report("e2", "op-1", "Bounced", T0.AddMinutes(5)));

        Assert.That(await EmailStatusAsync(orderId), Is.EqualTo("Failed_Bounced"));
    }

    [Test]
    public async Task OlderReportArrivingLate_DoesNotOverrideANewerOne()
    {
        var (orderId, _) = await CreateEmailAsync("Sending", "op-1");

        await PostAsync(Report("e2", "op-1", "Delivered", T0.AddMinutes(5)));
        await PostAsync(Report("e1", "op-1", "Bounced", T0));

        Assert.That(await EmailStatusAsync(orderId), Is.EqualTo("Delivered"));
    }

    [Test]
    public async Task SameEventPostedTwice_IsAppliedOnce()
    {
        var (orderId, _) = await CreateEmailAsync("Sending", "op-1");
        var delivered = Report("e1", "op-1", "Delivered", T0);

        await PostAsync(delivered);
        await PostAsync(Report("e2", "op-1", "Bounced", T0.AddMinutes(5)));
        var again = await PostAsync(delivered);

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EmailStatusAsync(orderId), Is.EqualTo("Failed_Bounced"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.delivery_reports"), Is.EqualTo(2));
    }

    [Test]
    public async Task RedeliveredEventId_IsIgnoredEvenWhenItsContentDiffers()
    {
        var (orderId, _) = await CreateEmailAsync("Sending", "op-1");

        await PostAsync(Report("e1", "op-1", "Bounced", T0));
        await PostAsync(Report("e1", "op-1", "Delivered", T0.AddMinutes(5)));

        Assert.That(await EmailStatusAsync(orderId), Is.EqualTo("Failed_Bounced"));
    }

    [Test]
    public async Task ReportForAnUnknownMessageId_IsKeptAndAppliedWhenTheSendIsRecorded()
    {
        var response = await PostAsync(Report("e1", "op-early", "Delivered", T0));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.delivery_reports WHERE message_id = 'op-early'"), Is.EqualTo(1));

        // The send's result is recorded after the report arrived: the dispatch path that stores the operation id.
        var claimToken = Guid.NewGuid();
        var (orderId, notificationId) = await CreateEmailAsync("Sending", operationId: null, claimToken);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IEmailQueue>();
            var claim = new EmailClaim(notificationId, orderId, claimToken, 1, "user@example.com", null, null,
                new EmailTemplate("noreply@example.com", "Hello", "A message.", EmailContentType.Plain));
            await store.RecordSendResultsAsync([new SendResult(claim, EmailNotificationStatus.Succeeded, "op-early")], DateTimeOffset.UtcNow, CancellationToken.None);
        }

        Assert.That(await EmailStatusAsync(orderId), Is.EqualTo("Delivered"));
    }

    [Test]
    public async Task CloudEvent_SingleObject_IsApplied()
    {
        var (orderId, _) = await CreateEmailAsync("Sending", "op-1");

        var response = await PostAsync(CloudEvent("e1", "op-1", "Bounced", T0).ToJsonString(), "application/cloudevents+json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EmailStatusAsync(orderId), Is.EqualTo("Failed_Bounced"));
    }

    [Test]
    public async Task CloudEvents_Batch_AppliesEveryEvent()
    {
        var (first, _) = await CreateEmailAsync("Sending", "op-1");
        var (second, _) = await CreateEmailAsync("Sending", "op-2");
        var batch = new JsonArray(CloudEvent("e1", "op-1", "Delivered", T0), CloudEvent("e2", "op-2", "Suppressed", T0));

        var response = await PostAsync(batch.ToJsonString(), "application/cloudevents-batch+json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EmailStatusAsync(first), Is.EqualTo("Delivered"));
        Assert.That(await EmailStatusAsync(second), Is.EqualTo("Failed_SupressedRecipient"));
    }

    [Test]
    public async Task Batch_WithIncompleteAndForeignEvents_AppliesTheRestAndAnswers200()
    {
        var (orderId, _) = await CreateEmailAsync("Sending", "op-1");
        var noMessageId = JsonNode.Parse(Report("e1", "op-x", "Bounced", T0))![0]!;
        noMessageId["data"]!.AsObject().Remove("messageId");
        var wrongTypes = JsonNode.Parse(Report("e2", "op-1", "Bounced", T0))![0]!;
        wrongTypes["data"]!["status"] = 42;
        var foreign = new JsonObject { ["id"] = "e3", ["eventType"] = "Microsoft.Storage.BlobCreated", ["data"] = new JsonObject() };
        var good = JsonNode.Parse(Report("e4", "op-1", "Delivered", T0))![0]!;
        var body = new JsonArray(noMessageId.DeepClone(), wrongTypes.DeepClone(), foreign, good.DeepClone());

        var response = await PostAsync(body.ToJsonString());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EmailStatusAsync(orderId), Is.EqualTo("Delivered"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.delivery_reports"), Is.EqualTo(1));
    }

    [TestCase("[{\"id\": \"e1\",", "$")]
    [TestCase("", "$")]
    [TestCase("{\"id\": \"e1\", \"eventType\": \"x\"}", "$")]
    [TestCase("\"text\"", "$")]
    [TestCase("[1, 2]", "$[0]")]
    [TestCase("[{\"id\": 5}]", "$[0].id")]
    public async Task Post_MalformedBody_Returns400ProblemDetails(string body, string errorKey)
    {
        var response = await PostAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await JsonOf(response);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { errorKey }));
    }

    [Test]
    public async Task Post_WithAnotherContentType_Returns415()
    {
        var response = await PostAsync(Report("e1", "op-1", "Delivered", T0), "text/plain");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    /// <summary>An Event Grid array with one EmailDeliveryReportReceived event, shaped as ACS sends it.</summary>
    private static string Report(
        string eventId, string messageId, string status, DateTimeOffset? attemptAt, DateTimeOffset? eventTime = null,
        string timestampName = "deliveryAttemptTimeStamp")
    {
        var data = ReportData(messageId, status, attemptAt, timestampName);
        var gridEvent = new JsonObject
        {
            ["id"] = eventId,
            ["topic"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z",
            ["subject"] = $"sender/noreply@example.com/message/{messageId}",
            ["data"] = data,
            ["eventType"] = "Microsoft.Communication.EmailDeliveryReportReceived",
            ["dataVersion"] = "1.0",
            ["metadataVersion"] = "1",
            ["eventTime"] = (eventTime ?? attemptAt ?? T0).ToString("O"),
        };
        return new JsonArray(gridEvent).ToJsonString();
    }

    private static JsonObject CloudEvent(string eventId, string messageId, string status, DateTimeOffset attemptAt) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = eventId,
        ["source"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z",
        ["type"] = "Microsoft.Communication.EmailDeliveryReportReceived",
        ["subject"] = $"sender/noreply@example.com/message/{messageId}",
        ["time"] = attemptAt.ToString("O"),
        ["datacontenttype"] = "application/json",
        ["data"] = ReportData(messageId, status, attemptAt, "deliveryAttemptTimestamp"),
    };

    private static JsonObject ReportData(string messageId, string status, DateTimeOffset? attemptAt, string timestampName)
    {
        var data = new JsonObject
        {
            ["sender"] = "noreply@example.com",
            ["recipient"] = "user@example.com",
            ["messageId"] = messageId,
            ["status"] = status,
            ["deliveryStatusDetails"] = new JsonObject { ["statusMessage"] = $"Status: {status}" },
        };
        if (attemptAt is { } at)
        {
            data[timestampName] = at.ToString("O");
        }

        return data;
    }

    private Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json", string? code = Key, string? header = null)
    {
        var url = code is null ? Url : $"{Url}?code={Uri.EscapeDataString(code)}";
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (header is not null)
        {
            request.Headers.Add("X-Delivery-Report-Key", header);
        }

        return Client.SendAsync(request);
    }

    /// <summary>An order being processed with one email in <paramref name="status"/>, as if dispatch had sent it.</summary>
    private async Task<(Guid OrderId, Guid NotificationId)> CreateEmailAsync(string status, string? operationId, Guid? claimToken = null)
    {
        var created = await PostOrderAsync(EmailOrder(sendTime: DateTimeOffset.UtcNow.AddDays(1)));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var orderId = (await JsonOf(created))["orderId"]!.GetValue<Guid>();
        var notificationId = Guid.NewGuid();
        await ExecuteAsync("UPDATE notifications.orders SET processing_status = 'Processed' WHERE id = $1", orderId);
        await ExecuteAsync("""
            INSERT INTO notifications.email_notifications
                (id, order_id, email_address, status, status_changed, expires_at, attempts, next_attempt_at, operation_id, claim_token)
            VALUES ($1, $2, 'user@example.com', $3, now(), now() + interval '48 hours', 1, now(), $4, $5)
            """, notificationId, orderId, status, (object?)operationId ?? DBNull.Value, (object?)claimToken ?? DBNull.Value);
        return (orderId, notificationId);
    }

    private async Task<string> EmailStatusAsync(Guid orderId) =>
        (await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email")))["notifications"]![0]!["sendStatus"]!["status"]!.GetValue<string>();
}

/// <summary>Without <c>Email:Acs:DeliveryReportKey</c> the webhook does not exist, not even for the handshake.</summary>
public sealed class DeliveryReportEndpointDisabledTests : ApiTestBase
{
    [Test]
    public async Task Post_WhenNoKeyIsConfigured_Returns404()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{DeliveryReportTests.Url}?code=anything")
        {
            Content = new StringContent("[]", Encoding.UTF8, "application/json"),
        };

        var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Options_WhenNoKeyIsConfigured_Returns404()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, DeliveryReportTests.Url);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Headers.Contains("WebHook-Allowed-Origin"), Is.False);
    }
}
