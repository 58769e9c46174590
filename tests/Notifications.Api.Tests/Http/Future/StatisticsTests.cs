using System.Net;
using System.Text.Json.Nodes;
using Notifications.Core.Domain;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>
/// GET /future/statistics over HTTP with dispatch on (Pickup): the figures of orders that really went through the
/// pipeline, only the caller's, the default window, every 400, and the 401/403 of the other future routes.
/// </summary>
public sealed class StatisticsTests : PipelineTestBase
{
    private const string StatisticsUrl = "/notifications/api/v1/future/statistics";

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonNode> StatisticsAsync(string query = "", string org = "ttd")
    {
        var response = await GetAsync(StatisticsUrl + query, org);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await JsonOf(response);
    }

    private static long Email(JsonNode figures, string status) => figures["emails"]![status]?.GetValue<long>() ?? 0;

    /// <summary>Two orders of ttd (three emails sent, one reserved person) and one of digdir, all Completed.</summary>
    private async Task<(Guid First, Guid Second)> GivenCompletedOrdersAsync()
    {
        var first = await CreateOrderAsync(new
        {
            subject = "s", body = "b",
            recipients = new object[] { new { emailAddress = "a@example.com" }, new { emailAddress = "b@example.com" }, new { nationalIdentityNumber = TestContacts.ReservedNin } },
        });
        var second = await CreateOrderAsync(EmailOrder("c@example.com"));
        var other = await CreateOrderAsync(EmailOrder("d@example.com"), org: "digdir");
        await WaitForOrderStatusAsync(first, "Completed");
        await WaitForOrderStatusAsync(second, "Completed");
        await WaitUntilAsync(
            async () => await ScalarAsync<string>("SELECT processing_status FROM notifications.orders WHERE id = $1", other) == "Completed", 20,
            () => "digdir's order is not Completed");

        return (first, second);
    }

    [Test]
    public async Task Get_WithoutParameters_IsTheLastSevenDaysByDay_WithTheCallersOwnFiguresFromThePipeline()
    {
        await GivenCompletedOrdersAsync();
        var sendDay = (await ScalarAsync<DateTime>("SELECT max(requested_send_time) FROM notifications.orders")).ToString("yyyy-MM-dd'T'00:00:00'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var stats = await StatisticsAsync();

        Assert.That(stats["to"]!.GetValue<string>(), Is.EqualTo(Today));
        Assert.That(stats["from"]!.GetValue<string>(), Is.EqualTo(DateTime.UtcNow.AddDays(-6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(stats["groupBy"]!.GetValue<string>(), Is.EqualTo("day"));
        var buckets = stats["buckets"]!.AsArray();
        Assert.That(buckets, Has.Count.EqualTo(7));
        var today = buckets.Single(b => b!["start"]!.GetValue<string>() == sendDay)!;
        Assert.That(today["orders"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(today["emails"]!.AsObject().ToDictionary(e => e.Key, e => e.Value!.GetValue<long>()),
            Is.EquivalentTo(new Dictionary<string, long> { ["Succeeded"] = 3, ["Failed_RecipientReserved"] = 1 }));
        // Pickup sends no delivery reports: Succeeded is final and delivered; a reserved recipient is final, not delivered.
        Assert.That(today["deliveryRate"]!.GetValue<double>(), Is.EqualTo(0.75));
        Assert.That(buckets.Where(b => b != today).Select(b => b!["orders"]!.GetValue<long>()), Is.All.Zero);
        Assert.That(buckets.Where(b => b != today).Select(b => b!["deliveryRate"]), Is.All.Null);

        var totals = stats["totals"]!;
        Assert.That((totals["orders"]!.GetValue<long>(), Email(totals, "Succeeded"), Email(totals, "Failed_RecipientReserved")), Is.EqualTo((2L, 3L, 1L)));
        Assert.That(totals["emails"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(Enum.GetNames<EmailNotificationStatus>()), "totals list every status");
        Assert.That((stats["backlog"]!["New"]!.GetValue<long>(), stats["backlog"]!["Sending"]!.GetValue<long>()), Is.EqualTo((0L, 0L)));

        // The send delay is what the pipeline recorded: from requested send time to the provider's acceptance, within a bucket (19 %).
        var delays = await ScalarAsync<double[]>("""
            SELECT array_agg(extract(epoch FROM e.status_changed - o.requested_send_time)::float8 * 1000)
            FROM notifications.email_notifications e JOIN notifications.orders o ON o.id = e.order_id
            WHERE o.creator = 'ttd' AND e.status = 'Succeeded'
            """);
        Assert.That(delays, Has.Length.EqualTo(3));
        var p50 = totals["p50SendDelayMs"]!.GetValue<long>();
        var p95 = totals["p95SendDelayMs"]!.GetValue<long>();
        Assert.That(p50, Is.InRange(Math.Floor(delays.Min() / 1.19) - 1, Math.Ceiling(delays.Max() * 1.19) + 1));
        Assert.That(p95, Is.InRange(p50, Math.Ceiling(delays.Max() * 1.19) + 1));
    }

    [Test]
    public async Task Get_ByHour_PutsTheOrdersInTheHourOfTheirRequestedSendTime_AndCountsAScheduledOrderWithNoEmailsYet()
    {
        var (first, _) = await GivenCompletedOrdersAsync();
        var sendTime = await ScalarAsync<DateTime>("SELECT requested_send_time FROM notifications.orders WHERE id = $1", first);
        var later = new DateTimeOffset(sendTime.Date, TimeSpan.Zero).AddDays(1).AddHours(7).AddMinutes(30);
        await CreateOrderAsync(EmailOrder("later@example.com", sendTime: later));
        var day = sendTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var nextDay = sendTime.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var stats = await StatisticsAsync($"?from={day}&to={nextDay}&groupBy=hour");

        var buckets = stats["buckets"]!.AsArray();
        Assert.That(buckets, Has.Count.EqualTo(48));
        var hour = buckets[sendTime.Hour]!;
        Assert.That((hour["orders"]!.GetValue<long>(), Email(hour, "Succeeded")), Is.EqualTo((2L, 3L)));
        var scheduled = buckets[24 + 7]!;
        Assert.That(scheduled["start"]!.GetValue<string>(), Is.EqualTo($"{nextDay}T07:00:00Z"));
        Assert.That((scheduled["orders"]!.GetValue<long>(), scheduled["emails"]!.AsObject().Count), Is.EqualTo((1L, 0)));
        Assert.That(stats["totals"]!["orders"]!.GetValue<long>(), Is.EqualTo(3));
    }

    [Test]
    public async Task Get_OfAnotherCreator_SeesOnlyItsOwn()
    {
        await GivenCompletedOrdersAsync();

        var theirs = (await StatisticsAsync(org: "digdir"))["totals"]!;
        var nobody = (await StatisticsAsync(org: "nav"))["totals"]!;

        Assert.That((theirs["orders"]!.GetValue<long>(), Email(theirs, "Succeeded"), theirs["deliveryRate"]!.GetValue<double>()), Is.EqualTo((1L, 1L, 1.0)));
        Assert.That((nobody["orders"]!.GetValue<long>(), nobody["deliveryRate"], nobody["p50SendDelayMs"]), Is.EqualTo((0L, (JsonNode?)null, (JsonNode?)null)));
    }

    [TestCase("?from=2026-11-02&to=2026-11-01", "from", "from must not be after to.")]
    [TestCase("?from=2026-08-01&to=2026-11-01", "to", "at most 92 days")]
    [TestCase("?from=2026-08-01&to=2026-10-23&groupBy=hour", "to", "at most 2,000 buckets")]
    [TestCase("?groupBy=week", "groupBy", "groupBy must be day or hour.")]
    [TestCase("?from=yesterday", "from", "from must be a date (yyyy-MM-dd)")]
    [TestCase("?to=2026-11-31", "to", "to must be a date (yyyy-MM-dd)")]
    [TestCase("?from=2026-11-01%01", "from", "The from date must not contain control characters.")]
    [TestCase("?groupBy=%00day", "groupBy", "The groupBy value must not contain control characters.")]
    public async Task Get_WithABadQuery_Is400NamingTheParameter(string query, string field, string message)
    {
        var response = await GetAsync(StatisticsUrl + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await JsonOf(response))["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { field }));
        Assert.That(errors[field]![0]!.GetValue<string>(), Does.Contain(message));
    }

    [Test]
    public async Task Get_WithoutAToken_Is401_AndWithoutTheScopeOrAnOrganisation_Is403()
    {
        var anonymous = await Client.SendAsync(Request(HttpMethod.Get, StatisticsUrl));
        var noScope = await Client.SendAsync(Request(HttpMethod.Get, StatisticsUrl, TestTokens.Bearer(scope: "altinn:serviceowner/instances.read")));
        var noOrg = await Client.SendAsync(Request(HttpMethod.Get, StatisticsUrl, TestTokens.Bearer(org: null)));
        var untrusted = await Client.SendAsync(Request(HttpMethod.Get, StatisticsUrl, TestTokens.Bearer(key: TestTokens.UntrustedKey)));

        Assert.That(new[] { anonymous.StatusCode, untrusted.StatusCode }, Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(new[] { noScope.StatusCode, noOrg.StatusCode }, Is.All.EqualTo(HttpStatusCode.Forbidden));
    }
}
