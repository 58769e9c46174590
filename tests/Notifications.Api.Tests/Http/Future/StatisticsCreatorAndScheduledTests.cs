using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>
/// GET /future/statistics names whose figures they are (<c>creator</c>) and counts the caller's orders still scheduled
/// (<c>scheduled</c>): only Registered ones, only the caller's, whatever their send time, and when the first is due.
/// </summary>
public sealed class StatisticsCreatorAndScheduledTests : PipelineTestBase
{
    private const string StatisticsUrl = "/notifications/api/v1/future/statistics";

    private async Task<JsonNode> StatisticsAsync(HttpRequestMessage request)
    {
        var response = await Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await JsonOf(response);
    }

    private Task<JsonNode> StatisticsAsync(string org) => StatisticsAsync(Request(HttpMethod.Get, StatisticsUrl, TestTokens.Bearer(org)));

    private static (long Orders, string? NextSendTime) Scheduled(JsonNode statistics) =>
        (statistics["scheduled"]!["orders"]!.GetValue<long>(), statistics["scheduled"]!["nextSendTime"]?.GetValue<string>());

    [Test]
    public async Task Get_CountsTheCallersOrdersStillRegistered_NotSentNorCancelledOnes_WithTheEarliestSendTime()
    {
        // Whole seconds, so the expected instants can be written down as the API writes them.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var sent = await CreateOrderAsync(EmailOrder("now@example.com"));
        await CreateOrderAsync(EmailOrder("tomorrow@example.com", sendTime: now.AddDays(1)));
        // Beyond the default 7-day window: scheduled is not windowed.
        await CreateOrderAsync(EmailOrder("next-month@example.com", sendTime: now.AddDays(30)));
        var cancelled = await CreateOrderAsync(EmailOrder("cancelled@example.com", sendTime: now.AddHours(12)));
        var cancel = await Client.SendAsync(Request(HttpMethod.Put, $"{OrdersUrl}/{cancelled}/cancel", TestTokens.Bearer()));
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cancel.Content.ReadAsStringAsync());
        await CreateOrderAsync(EmailOrder("theirs@example.com", sendTime: now.AddHours(2)), org: "digdir");
        await WaitForOrderStatusAsync(sent, "Completed");

        var ttd = await StatisticsAsync("ttd");
        var digdir = await StatisticsAsync("digdir");
        var nav = await StatisticsAsync("nav");

        var tomorrow = now.AddDays(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var inTwoHours = now.AddHours(2).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.That((ttd["creator"]!.GetValue<string>(), Scheduled(ttd)), Is.EqualTo(("ttd", (2L, (string?)tomorrow))));
        Assert.That((digdir["creator"]!.GetValue<string>(), Scheduled(digdir)), Is.EqualTo(("digdir", (1L, (string?)inTwoHours))));
        Assert.That((nav["creator"]!.GetValue<string>(), Scheduled(nav)), Is.EqualTo(("nav", (0L, (string?)null))));
        Assert.That(nav["scheduled"]!.AsObject().ContainsKey("nextSendTime"), Is.True, "null, not left out");
    }

    [Test]
    public async Task Get_ChainShipmentsAndRemindersNotSentYet_AreScheduledOrders()
    {
        var sendTime = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(2).ToUnixTimeSeconds());
        var chain = await Client.SendAsync(Request(HttpMethod.Post, "/notifications/api/v1/future/orders", TestTokens.Bearer(), json: new
        {
            idempotencyId = "stats-scheduled-chain",
            requestedSendTime = sendTime,
            recipient = new { recipientEmail = new { emailAddress = "chain@example.com", emailSettings = new { subject = "s", body = "b" } } },
            reminders = new object[]
            {
                new { delayDays = 7, recipient = new { recipientEmail = new { emailAddress = "chain@example.com", emailSettings = new { subject = "r", body = "b" } } } },
            },
        }));
        Assert.That(chain.StatusCode, Is.EqualTo(HttpStatusCode.Created), await chain.Content.ReadAsStringAsync());

        var statistics = await StatisticsAsync("ttd");

        Assert.That(Scheduled(statistics), Is.EqualTo((2L, (string?)sendTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))));
    }

    [Test]
    public async Task Get_WithAPlatformAccessToken_NamesItsIssuerAsTheCreator()
    {
        var statistics = await StatisticsAsync(Request(HttpMethod.Get, StatisticsUrl, platformToken: TestTokens.PlatformAccessToken(issuer: "digdir", app: "digdir/app")));

        Assert.That(statistics["creator"]!.GetValue<string>(), Is.EqualTo("digdir"));
    }
}
