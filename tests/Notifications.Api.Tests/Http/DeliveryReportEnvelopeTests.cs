using System.Text.Json;
using System.Text.Json.Nodes;
using Notifications.Api.Contracts;
using Notifications.Core.Domain;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// How Azure.Messaging.EventGrid's reading of the webhook body is used: an event the SDK cannot read is skipped, not its
/// batch, and the envelope errors still name their path.
/// </summary>
public sealed class DeliveryReportEnvelopeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 30, 0, TimeSpan.Zero);

    [Test]
    public void EventGridBatch_WithAnEventLackingItsSubject_SkipsOnlyThatEvent()
    {
        var incomplete = GridReport("e1", "op-1");
        incomplete.Remove("subject");

        var batch = Read(new JsonArray(incomplete, GridReport("e2", "op-2")));

        Assert.That(batch.Reports.Select(r => r.EventId), Is.EqualTo(new[] { "e2" }));
        Assert.That(batch.Skipped.Select(s => s.EventId), Is.EqualTo(new[] { "e1" }));
    }

    [Test]
    public void EventGridBatch_WithAnEventTimeThatIsNoTime_SkipsOnlyThatEvent()
    {
        var odd = GridReport("e1", "op-1");
        odd["eventTime"] = "yesterday";

        var batch = Read(new JsonArray(odd, GridReport("e2", "op-2")));

        Assert.That(batch.Reports.Select(r => r.EventId), Is.EqualTo(new[] { "e2" }));
        Assert.That(batch.Skipped.Single().EventId, Is.EqualTo("e1"));
    }

    [Test]
    public void Report_WithoutAnyTime_IsAttemptedNow()
    {
        var report = GridReport("e1", "op-1");
        report.Remove("eventTime");
        report["data"]!.AsObject().Remove("deliveryAttemptTimeStamp");

        var batch = Read(new JsonArray(report));

        Assert.That(batch.Reports.Single().DeliveryAttemptAt, Is.EqualTo(Now));
    }

    [Test]
    public void Report_WithoutData_IsSkipped()
    {
        var report = GridReport("e1", "op-1");
        report.Remove("data");

        var batch = Read(new JsonArray(report));

        Assert.That(batch.Reports, Is.Empty);
        Assert.That(batch.Skipped.Single().EventId, Is.EqualTo("e1"));
    }

    [Test]
    public void Report_IsReadWithItsStatusMessageAndAttemptTime()
    {
        var report = Read(new JsonArray(GridReport("e1", "op-1"))).Reports.Single();

        Assert.That(report, Is.EqualTo(new DeliveryReport(
            "e1", "op-1", "Bounced", new DateTimeOffset(2026, 11, 20, 12, 3, 0, TimeSpan.Zero), "Status: Bounced", EmailNotificationStatus.Failed_Bounced)));
    }

    [Test]
    public void CloudEvent_WithoutASource_IsStillRead()
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = "e1",
            ["type"] = "Microsoft.Communication.EmailDeliveryReportReceived",
            ["data"] = new JsonObject { ["messageId"] = "op-1", ["status"] = "Delivered" },
        };

        var batch = Read(cloudEvent);

        Assert.That(batch.Reports.Single().MessageId, Is.EqualTo("op-1"));
    }

    [TestCase("{\"specversion\": \"1.0\", \"id\": \"e1\", \"source\": 5}", "$.source")]
    [TestCase("[{\"id\": \"e1\", \"eventType\": \"x\"}, {\"id\": \"e2\", \"subject\": true}]", "$[1].subject")]
    [TestCase("[{\"specversion\": \"1.0\", \"id\": \"e1\", \"time\": 1}]", "$[0].time")]
    public void Envelope_WithAnAttributeOfTheWrongType_IsMalformedAtItsPath(string body, string path)
    {
        using var json = JsonDocument.Parse(body);

        var e = Assert.Throws<JsonException>(() => json.RootElement.ToDeliveryReportBatch(Now));

        Assert.That(e!.Path, Is.EqualTo(path));
    }

    /// <summary>One EmailDeliveryReportReceived event in the Event Grid schema, with every attribute the SDK requires.</summary>
    private static JsonObject GridReport(string eventId, string messageId) => new()
    {
        ["id"] = eventId,
        ["subject"] = $"sender/noreply@example.com/message/{messageId}",
        ["eventType"] = "Microsoft.Communication.EmailDeliveryReportReceived",
        ["eventTime"] = "2026-11-20T12:05:00Z",
        ["dataVersion"] = "1.0",
        ["data"] = new JsonObject
        {
            ["messageId"] = messageId,
            ["status"] = "Bounced",
            ["deliveryStatusDetails"] = new JsonObject { ["statusMessage"] = "Status: Bounced" },
            ["deliveryAttemptTimeStamp"] = "2026-11-20T12:03:00Z",
        },
    };

    private static DeliveryReportBatch Read(JsonNode body)
    {
        using var json = JsonDocument.Parse(body.ToJsonString());
        return json.RootElement.ToDeliveryReportBatch(Now);
    }
}
