using System.Net;

namespace Notifications.Api.Tests.Http;

/// <summary>Reads and cancel, each limited to the caller's own orders.</summary>
public sealed class OrderReadAndCancelTests : ApiTestBase
{
    private async Task<Guid> CreateOrderAsync(string org = "ttd", string? sendersReference = null, DateTimeOffset? sendTime = null)
    {
        var response = await PostOrderAsync(EmailOrder(sendersReference: sendersReference, sendTime: sendTime), org);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (await JsonOf(response))["orderId"]!.GetValue<Guid>();
    }

    private Task<HttpResponseMessage> CancelAsync(Guid id, string org = "ttd") =>
        Client.SendAsync(Request(HttpMethod.Put, $"{OrdersUrl}/{id}/cancel", TestTokens.Bearer(org)));

    [Test]
    public async Task GetStatus_OfNewOrder_IsRegisteredWithDescription()
    {
        var id = await CreateOrderAsync(sendersReference: "ref-status");

        var response = await GetAsync($"{OrdersUrl}/{id}/status");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var status = await JsonOf(response);
        Assert.That(status["id"]!.GetValue<Guid>(), Is.EqualTo(id));
        Assert.That(status["sendersReference"]!.GetValue<string>(), Is.EqualTo("ref-status"));
        Assert.That(status["notificationChannel"]!.GetValue<string>(), Is.EqualTo("Email"));
        Assert.That(status["processingStatus"]!["status"]!.GetValue<string>(), Is.EqualTo("Registered"));
        Assert.That(status["processingStatus"]!["description"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(status["processingStatus"]!["lastUpdate"]!.GetValue<string>(), Does.EndWith("Z"));
        Assert.That(status["recipients"], Is.Null);
        Assert.That(status["emailTemplate"], Is.Null);
    }

    [Test]
    public async Task FindBySendersReference_ReturnsOnlyTheCallersMatchingOrders()
    {
        var first = await CreateOrderAsync(sendersReference: "case-7");
        var second = await CreateOrderAsync(sendersReference: "case-7");
        await CreateOrderAsync(sendersReference: "case-8");
        await CreateOrderAsync(org: "digdir", sendersReference: "case-7");

        var list = await JsonOf(await GetAsync($"{OrdersUrl}?sendersReference=case-7"));

        Assert.That(list["count"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(list["orders"]!.AsArray().Select(o => o!["id"]!.GetValue<Guid>()), Is.EquivalentTo(new[] { first, second }));
    }

    [Test]
    public async Task FindBySendersReference_WithNoMatch_ReturnsEmptyList()
    {
        var list = await JsonOf(await GetAsync($"{OrdersUrl}?sendersReference=nothing-here"));

        Assert.That(list["count"]!.GetValue<int>(), Is.EqualTo(0));
        Assert.That(list["orders"]!.AsArray(), Is.Empty);
    }

    [TestCase("")]
    [TestCase("/status")]
    public async Task Get_OtherCreatorsOrder_Returns404(string suffix)
    {
        var id = await CreateOrderAsync(org: "digdir");

        var response = await GetAsync($"{OrdersUrl}/{id}{suffix}", org: "ttd");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("/not-a-guid")]
    [TestCase("/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11")]
    [TestCase("/5d9fd5b1-4c4e-4d11-a2a8-3b1b7a1f7a11/status")]
    public async Task Get_UnknownOrMalformedId_Returns404(string suffix)
    {
        Assert.That((await GetAsync(OrdersUrl + suffix)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Cancel_FutureOrder_Returns200Cancelled()
    {
        var id = await CreateOrderAsync(sendTime: DateTimeOffset.UtcNow.AddHours(1));

        var response = await CancelAsync(id);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JsonOf(response))["processingStatus"]!["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"));
        var status = await JsonOf(await GetAsync($"{OrdersUrl}/{id}/status"));
        Assert.That(status["processingStatus"]!["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"));
    }

    [Test]
    public async Task Cancel_Twice_IsIdempotent()
    {
        var id = await CreateOrderAsync(sendTime: DateTimeOffset.UtcNow.AddHours(1));
        await CancelAsync(id);

        Assert.That((await CancelAsync(id)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Cancel_OrderDueWithinFiveMinutes_Returns409()
    {
        var id = await CreateOrderAsync(sendTime: DateTimeOffset.UtcNow.AddMinutes(3));

        var response = await CancelAsync(id);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Cancel_OrderDueNow_Returns409()
    {
        var id = await CreateOrderAsync();

        Assert.That((await CancelAsync(id)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Cancel_OtherCreatorsOrder_Returns404AndLeavesItRegistered()
    {
        var id = await CreateOrderAsync(org: "digdir", sendTime: DateTimeOffset.UtcNow.AddHours(1));

        Assert.That((await CancelAsync(id, org: "ttd")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var status = await JsonOf(await GetAsync($"{OrdersUrl}/{id}/status", org: "digdir"));
        Assert.That(status["processingStatus"]!["status"]!.GetValue<string>(), Is.EqualTo("Registered"));
    }

    [Test]
    public async Task Cancel_UnknownOrder_Returns404()
    {
        Assert.That((await CancelAsync(Guid.NewGuid())).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
