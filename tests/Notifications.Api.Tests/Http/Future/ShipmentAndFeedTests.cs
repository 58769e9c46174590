using System.Net;
using System.Text.Json.Nodes;
using Notifications.Testing.SendCondition;
using static Notifications.Api.Tests.Http.Future.FutureOrderRequests;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>Shipment reads and the status feed over HTTP, with dispatch on (Pickup) so orders really become final.</summary>
public sealed class ShipmentAndFeedTests : PipelineTestBase
{
    private const string ShipmentUrl = "/notifications/api/v1/future/shipment";
    private ConditionEndpointServer _conditions = null!;

    [OneTimeSetUp]
    public async Task StartConditionsAsync() => _conditions = await ConditionEndpointServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopConditionsAsync() => await _conditions.DisposeAsync();

    private async Task<JsonArray> FeedAsync(string query = "", string org = "ttd")
    {
        var response = await GetAsync($"{ShipmentUrl}/feed{query}", org);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await JsonOf(response)).AsArray();
    }

    private async Task<JsonArray> FeedWithAsync(int entries, string org = "ttd")
    {
        JsonArray feed = [];
        await WaitUntilAsync(async () => (feed = await FeedAsync(org: org)).Count >= entries, 20, () => $"{feed.Count} feed entries, wanted {entries}");
        return feed;
    }

    [Test]
    public async Task Shipment_OfACompletedV1Order_HasAltinnsShapeAndStatusNames()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "s", body = "b", sendersReference = "v1-ref",
            recipients = new object[] { new { emailAddress = "a@example.com" }, new { nationalIdentityNumber = TestContacts.ReservedNin } },
        });
        await WaitForOrderStatusAsync(orderId, "Completed");

        var shipment = await JsonOf(await GetAsync($"{ShipmentUrl}/{orderId}"));

        Assert.That(shipment["shipmentId"]!.GetValue<Guid>(), Is.EqualTo(orderId));
        Assert.That(shipment["sendersReference"]!.GetValue<string>(), Is.EqualTo("v1-ref"));
        Assert.That(shipment["type"]!.GetValue<string>(), Is.EqualTo("Notification"));
        Assert.That(shipment["status"]!.GetValue<string>(), Is.EqualTo("Order_Completed"));
        var recipients = shipment["recipients"]!.AsArray().Select(r => (r!["type"]!.GetValue<string>(), r["destination"]!.GetValue<string>(), r["status"]!.GetValue<string>()));
        Assert.That(recipients, Is.EquivalentTo(new[] { ("Email", "a@example.com", "Email_Succeeded"), ("Email", "", "Email_Failed_RecipientReserved") }));
    }

    [Test]
    public async Task Shipment_OfAChainAndAnInstantEmail_CarriesTheirTypes()
    {
        var created = await Client.SendAsync(Request(HttpMethod.Post, Url, TestTokens.Bearer("ttd"), json: Chain(reminders: Reminder(delayDays: 3)).ToJsonString()));
        var reminderId = (await JsonOf(created))["notification"]!["reminders"]![0]!["shipmentId"]!.GetValue<Guid>();
        var instant = await Client.SendAsync(Request(HttpMethod.Post, $"{Url}/instant/email", TestTokens.Bearer("ttd"), json: new JsonObject
        {
            ["idempotencyId"] = "shipment-instant",
            ["recipientEmail"] = new JsonObject { ["emailAddress"] = "i@example.com", ["emailSettings"] = new JsonObject { ["subject"] = "s", ["body"] = "b" } },
        }.ToJsonString()));
        var instantId = (await JsonOf(instant))["notification"]!["shipmentId"]!.GetValue<Guid>();

        var reminder = await JsonOf(await GetAsync($"{ShipmentUrl}/{reminderId}"));
        Assert.That((reminder["type"]!.GetValue<string>(), reminder["status"]!.GetValue<string>()), Is.EqualTo(("Reminder", "Order_Registered")));
        Assert.That(reminder["recipients"]!.AsArray(), Is.Empty);
        var sent = await JsonOf(await GetAsync($"{ShipmentUrl}/{instantId}"));
        Assert.That((sent["type"]!.GetValue<string>(), sent["status"]!.GetValue<string>()), Is.EqualTo(("Instant", "Order_Completed")));
        Assert.That(sent["recipients"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("Email_Succeeded"));
    }

    [TestCase("unknown")]
    [TestCase("other-creator")]
    [TestCase("not-a-guid")]
    public async Task Shipment_NotTheCallers_Is404NOT00003(string which)
    {
        var orderId = await CreateOrderAsync(EmailOrder());
        var url = which switch
        {
            "unknown" => $"{ShipmentUrl}/{Guid.NewGuid()}",
            "not-a-guid" => $"{ShipmentUrl}/12345",
            _ => $"{ShipmentUrl}/{orderId}",
        };

        var response = await GetAsync(url, org: which == "other-creator" ? "digdir" : "ttd");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = await JsonOf(response);
        Assert.That(problem["type"]!.GetValue<string>(), Is.EqualTo("urn:altinn:error:NOT-00003"));
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("Shipment not found"));
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("NOT-00003"));
    }

    [Test]
    public async Task Feed_HasOneEntryPerFinalShipment_Completed_ConditionNotMet_Cancelled_AndOnlyTheCallers()
    {
        var completed = await CreateOrderAsync(EmailOrder("done@example.com", sendersReference: "done"));
        var notMet = await CreateOrderAsync(new
        {
            subject = "s", body = "b", conditionEndpoint = _conditions.Url("false").AbsoluteUri, recipients = new[] { new { emailAddress = "no@example.com" } },
        });
        var cancelled = await CreateOrderAsync(EmailOrder(sendTime: DateTimeOffset.UtcNow.AddHours(1)));
        Assert.That((await Client.SendAsync(Request(HttpMethod.Put, $"{OrdersUrl}/{cancelled}/cancel", TestTokens.Bearer("ttd")))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await CreateOrderAsync(EmailOrder(), org: "digdir");

        await FeedWithAsync(3);
        Assert.That(await FeedWithAsync(1, org: "digdir"), Has.Count.EqualTo(1));
        // Any entry these orders would wrongly add is written before the marker's, so it is numbered by the time that one is.
        var marker = await SendMarkerOrderAsync();
        JsonArray feed = [];
        await WaitUntilAsync(
            async () => (feed = await FeedAsync()).Any(e => e!["shipmentId"]!.GetValue<Guid>() == marker), 20, () => "the marker's entry is not in the feed");

        var entries = feed.Select(e => (e!["shipmentId"]!.GetValue<Guid>(), e["status"]!.GetValue<string>())).ToList();
        Assert.That(entries, Is.EquivalentTo(new[]
        {
            (completed, "Order_Completed"), (notMet, "Order_SendConditionNotMet"), (cancelled, "Order_Cancelled"), (marker, "Order_Completed"),
        }));
        Assert.That(feed.Select(e => e!["sequenceNumber"]!.GetValue<long>()), Is.Ordered.Ascending.And.Unique);
        var done = feed.Single(e => e!["shipmentId"]!.GetValue<Guid>() == completed)!;
        Assert.That(done["sendersReference"]!.GetValue<string>(), Is.EqualTo("done"));
        Assert.That(done["shipmentType"]!.GetValue<string>(), Is.EqualTo("Notification"));
        Assert.That(done["recipients"]![0]!["destination"]!.GetValue<string>(), Is.EqualTo("done@example.com"));
        Assert.That(done["recipients"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("Email_Succeeded"));
    }

    [Test]
    public async Task Feed_PagesFromAnExclusiveCursor_BothWays_AndClampsThePageSize()
    {
        for (var i = 0; i < 4; i++)
        {
            await CreateOrderAsync(EmailOrder($"page{i}@example.com"));
        }

        var all = (await FeedWithAsync(4)).Select(e => e!["sequenceNumber"]!.GetValue<long>()).ToList();

        Assert.That((await FeedAsync($"?seq={all[0]}&pageSize=2")).Select(e => e!["sequenceNumber"]!.GetValue<long>()), Is.EqualTo(all.Skip(1).Take(2)));
        Assert.That((await FeedAsync("?orderBy=desc&pageSize=2")).Select(e => e!["sequenceNumber"]!.GetValue<long>()), Is.EqualTo(new[] { all[3], all[2] }));
        Assert.That((await FeedAsync($"?seq={all[2]}&orderBy=DESC")).Select(e => e!["sequenceNumber"]!.GetValue<long>()), Is.EqualTo(new[] { all[1], all[0] }));
        Assert.That(await FeedAsync("?pageSize=0"), Has.Count.EqualTo(1), "clamped up to 1");
        Assert.That(await FeedAsync("?pageSize=100000"), Has.Count.EqualTo(4), "clamped down to 500");
        Assert.That(await FeedAsync($"?seq={all[3]}"), Is.Empty);
    }

    [TestCase("?seq=-1", "Seq", "Sequence number cannot be less than 0.")]
    [TestCase("?orderBy=sideways", "OrderBy", "OrderBy must be asc or desc.")]
    public async Task Feed_BadQuery_Is400NamingTheField(string query, string key, string message)
    {
        var response = await GetAsync($"{ShipmentUrl}/feed{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonOf(response))["errors"]![key]![0]!.GetValue<string>(), Is.EqualTo(message));
    }
}
