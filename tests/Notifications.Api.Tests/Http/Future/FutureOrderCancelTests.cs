using System.Net;
using System.Text.Json.Nodes;
using static Notifications.Api.Tests.Http.Future.FutureOrderRequests;

namespace Notifications.Api.Tests.Http.Future;

/// <summary><c>PUT /future/orders/{id}/cancel</c>: every shipment still Registered and not due within five minutes, or 409.</summary>
public sealed class FutureOrderCancelTests : ApiTestBase
{
    private async Task<JsonNode> CreateAsync(JsonObject chain)
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, Url, TestTokens.Bearer("ttd"), json: chain.ToJsonString()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await JsonOf(response);
    }

    private Task<HttpResponseMessage> CancelAsync(Guid chainId) =>
        Client.SendAsync(Request(HttpMethod.Put, $"{Url}/{chainId}/cancel", TestTokens.Bearer("ttd")));

    private static JsonObject ChainDueIn(TimeSpan main, params JsonObject[] reminders)
    {
        var chain = Chain(reminders: reminders);
        chain["requestedSendTime"] = DateTimeOffset.UtcNow.Add(main).ToString("O");
        return chain;
    }

    private static IEnumerable<string> Statuses(JsonNode chain) => chain["shipments"]!.AsArray().Select(s => s!["status"]!.GetValue<string>());

    [Test]
    public async Task Cancel_AllCancellable_CancelsEveryShipment()
    {
        var chainId = (await CreateAsync(ChainDueIn(TimeSpan.FromHours(1), Reminder(delayDays: 1), Reminder(delayDays: 2))))["notificationOrderId"]!.GetValue<Guid>();

        var response = await CancelAsync(chainId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(Statuses(await JsonOf(response)), Is.All.EqualTo("Order_Cancelled"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders WHERE processing_status = 'Cancelled'"), Is.EqualTo(3));
    }

    [Test]
    public async Task Cancel_MainDueSoon_CancelsTheRemindersOnly()
    {
        var chainId = (await CreateAsync(ChainDueIn(TimeSpan.FromMinutes(2), Reminder(delayDays: 1))))["notificationOrderId"]!.GetValue<Guid>();

        var response = await CancelAsync(chainId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Statuses(await JsonOf(response)), Is.EqualTo(new[] { "Order_Registered", "Order_Cancelled" }));
    }

    [Test]
    public async Task Cancel_NothingCancellable_Is409AndChangesNothing()
    {
        var receipt = await CreateAsync(ChainDueIn(TimeSpan.FromHours(1), Reminder(delayDays: 1)));
        var chainId = receipt["notificationOrderId"]!.GetValue<Guid>();
        // The main shipment has been processed; the reminder is due within the margin.
        await ExecuteAsync("UPDATE notifications.orders SET processing_status = 'Completed' WHERE id = $1", receipt["notification"]!["shipmentId"]!.GetValue<Guid>());
        await ExecuteAsync("UPDATE notifications.orders SET requested_send_time = now() + interval '1 minute' WHERE chain_id = $1 AND type = 'Reminder'", chainId);

        var response = await CancelAsync(chainId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await response.Content.ReadAsStringAsync());
        Assert.That(Statuses(await JsonOf(await GetAsync($"{Url}/{chainId}"))), Is.EqualTo(new[] { "Order_Completed", "Order_Registered" }));
    }

    [Test]
    public async Task Cancel_UnknownChain_Is404()
    {
        Assert.That((await CancelAsync(Guid.NewGuid())).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task V1Cancel_WorksOnAShipment()
    {
        var receipt = await CreateAsync(ChainDueIn(TimeSpan.FromHours(1), Reminder(delayDays: 1)));
        var reminderId = receipt["notification"]!["reminders"]![0]!["shipmentId"]!.GetValue<Guid>();

        var response = await Client.SendAsync(Request(HttpMethod.Put, $"{OrdersUrl}/{reminderId}/cancel", TestTokens.Bearer("ttd")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Statuses(await JsonOf(await GetAsync($"{Url}/{receipt["notificationOrderId"]!.GetValue<Guid>()}"))),
            Is.EqualTo(new[] { "Order_Registered", "Order_Cancelled" }));
    }
}
