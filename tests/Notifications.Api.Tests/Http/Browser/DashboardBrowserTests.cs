using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Notifications.Api.Tests.Http.Browser;

/// <summary>
/// /dashboard in headless chromium (<see cref="HeadlessChromium"/>) over orders that went through the pipeline (Pickup):
/// every number on the page is the statistics API's (the organisation and the scheduled orders too), the token stays in
/// sessionStorage, a feed entry opens its shipment.
/// </summary>
public sealed class DashboardBrowserTests : PipelineTestBase
{
    private const string StatisticsUrl = "/notifications/api/v1/future/statistics";
    private const string FeedUrl = "/notifications/api/v1/future/shipment/feed?orderBy=desc&pageSize=500";
    private const string TokenKey = "notifications.dashboard.token";

    private static readonly string[] AlwaysShown =
        ["creator", "totals.orders", "totals.deliveryRate", "totals.p50SendDelayMs", "totals.p95SendDelayMs", "backlog.New", "backlog.Sending",
         "scheduled.orders", "scheduled.nextSendTime"];

    /// <summary>
    /// Three completed orders of ttd — 5 emails sent, a reserved person, an unknown person — and a cancelled one: four
    /// feed entries; and two still scheduled, which are not in the feed. Returns the order with three recipients and every
    /// shipment that reached the feed.
    /// </summary>
    private async Task<(Guid ThreeRecipients, Guid[] Final)> GivenFinishedOrdersAsync()
    {
        var three = await CreateOrderAsync(new
        {
            subject = "s", body = "b", sendersReference = "dash-1",
            recipients = new object[] { new { emailAddress = "a@example.com" }, new { emailAddress = "b@example.com" }, new { nationalIdentityNumber = TestContacts.ReservedNin } },
        });
        var organisation = await CreateOrderAsync(new
        {
            subject = "s", body = "b", sendersReference = "dash-2",
            recipients = new object[] { new { organizationNumber = TestContacts.OrgWithTwoEmails }, new { nationalIdentityNumber = TestContacts.UnknownNin } },
        });
        var single = await CreateOrderAsync(EmailOrder("c@example.com", sendersReference: "dash-3"));
        var later = await CreateOrderAsync(EmailOrder("later@example.com", sendersReference: "dash-4", sendTime: DateTimeOffset.UtcNow.AddHours(1)));
        var cancel = await Client.SendAsync(Request(HttpMethod.Put, $"{OrdersUrl}/{later}/cancel", TestTokens.Bearer()));
        await CreateOrderAsync(EmailOrder("scheduled@example.com", sendersReference: "dash-5", sendTime: DateTimeOffset.UtcNow.AddDays(2)));
        await CreateOrderAsync(EmailOrder("scheduled@example.com", sendersReference: "dash-6", sendTime: DateTimeOffset.UtcNow.AddDays(40)));
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cancel.Content.ReadAsStringAsync());
        foreach (var order in new[] { three, organisation, single })
        {
            await WaitForOrderStatusAsync(order, "Completed");
        }

        Guid[] final = [three, organisation, single, later];
        var inFeed = Array.Empty<Guid>();
        await WaitUntilAsync(async () =>
        {
            inFeed = (await JsonOf(await GetAsync(FeedUrl))).AsArray().Select(e => e!["shipmentId"]!.GetValue<Guid>()).ToArray();
            return inFeed.Length == final.Length;
        }, 20, () => $"{inFeed.Length} feed entries, wanted {final.Length}");
        Assert.That(inFeed, Is.EquivalentTo(final));
        return (three, final);
    }

    /// <summary>The answer once two reads in a row agree and nothing is waiting: the aggregates have caught up.</summary>
    private async Task<JsonNode> SettledStatisticsAsync(string query)
    {
        JsonNode? previous = null;
        JsonNode? current = null;
        await WaitUntilAsync(async () =>
        {
            previous = current;
            var response = await GetAsync(StatisticsUrl + query);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            current = await JsonOf(response);
            return previous is not null && JsonNode.DeepEquals(previous, current)
                && current["backlog"]!["New"]!.GetValue<long>() == 0 && current["backlog"]!["Sending"]!.GetValue<long>() == 0;
        }, 20, () => $"statistics still changing: {current?.ToJsonString()}");
        return current!;
    }

    [Test]
    public async Task Dashboard_WithAToken_ShowsTheStatisticsApisNumbers_KeepsTheTokenInSessionStorage_AndOpensAShipmentFromTheFeed()
    {
        HeadlessChromium.Require();
        var (threeRecipients, final) = await GivenFinishedOrdersAsync();
        var token = TestTokens.Bearer("ttd");
        // The page's default window, settled before the page reads it.
        var to = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = DateTime.UtcNow.AddDays(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var statistics = await SettledStatisticsAsync($"?from={from}&to={to}&groupBy=day");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url}");
        page.Console += (_, message) =>
        {
            TestContext.Progress.WriteLine($"browser console: {message.Text}");
            // A CSP violation, a script error or a missing file (the favicon too) is logged as an error.
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"script error: {error}");

        var response = await page.GotoAsync(new Uri(Client.BaseAddress!, "/dashboard").ToString());
        Assert.That(response?.Status, Is.EqualTo(200));

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dashboard-seeded.png");
        try
        {
            await page.GetByLabel("Token", new PageGetByLabelOptions { Exact = true }).FillAsync(token);
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show", Exact = true }).ClickAsync();
            await page.Locator("body[data-state='shown']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

            Assert.That(await page.GetByLabel("From", new PageGetByLabelOptions { Exact = true }).InputValueAsync(), Is.EqualTo(from));
            Assert.That(await page.GetByLabel("To", new PageGetByLabelOptions { Exact = true }).InputValueAsync(), Is.EqualTo(to));
            var shown = await ShownMetricsAsync(page);
            AssertEveryNumberShownIsTheApis(shown, statistics);
            Assert.That(statistics["creator"]!.GetValue<string>(), Is.EqualTo("ttd"));
            Assert.That(await page.Locator("#organisation").TextContentAsync(), Is.EqualTo("Organisation: ttd"));
            Assert.That(await page.TitleAsync(), Is.EqualTo("Notifications dashboard: ttd"));
            Assert.That(statistics["scheduled"]!["orders"]!.GetValue<long>(), Is.EqualTo(2), "the two orders not due yet");
            Assert.That(shown.Single(m => m.Path == "scheduled.orders").Text, Is.EqualTo("2"));

            await AssertTokenOnlyInSessionStorageAsync(page, context, token);

            var links = await page.Locator("#feedTable a[data-shipment-id]").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.shipmentId)");
            Assert.That(links.Select(Guid.Parse), Is.EquivalentTo(final), "the latest feed entries, each a link");
            await page.Locator($"#feedTable a[data-shipment-id='{threeRecipients}']").ClickAsync();
            await page.Locator($"#shipment[data-shown='{threeRecipients}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            Assert.That(await page.Locator("#shipmentId").TextContentAsync(), Is.EqualTo(threeRecipients.ToString()));
            Assert.That(await page.Locator("#shipmentStatus").TextContentAsync(), Is.EqualTo("Order_Completed"));
            Assert.That(await page.Locator("#recipientsTable tbody tr").AllTextContentsAsync(), Has.Count.EqualTo(3)
                .And.Some.Contain("a@example.com").And.Some.Contain("Email_Failed_RecipientReserved"));
            Assert.That(page.Url, Does.EndWith($"/dashboard#shipment/{threeRecipients}").And.Not.Contain(token));
        }
        finally
        {
            // Also when the page did not render: the picture shows why.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            TestContext.Progress.WriteLine($"Screenshot of /dashboard: {screenshot}");
            TestContext.AddTestAttachment(screenshot, "The dashboard with seeded orders and a shipment opened");
        }

        Assert.That(problems, Is.Empty, "no failed request, script error or Content-Security-Policy violation");

        // A token the service does not accept is said on the page; Forget token empties sessionStorage.
        await page.GetByLabel("Token", new PageGetByLabelOptions { Exact = true }).FillAsync("not-a-token");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show", Exact = true }).ClickAsync();
        await page.Locator("body[data-state='error']").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.That(await page.GetByRole(AriaRole.Alert).First.TextContentAsync(), Does.StartWith("401 Unauthorized"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Forget token", Exact = true }).ClickAsync();
        Assert.That(await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{TokenKey}')"), Is.Null);
        Assert.That(await page.GetByLabel("Token", new PageGetByLabelOptions { Exact = true }).InputValueAsync(), Is.Empty);
    }

    private sealed record ShownMetric(string Path, string Value, string Text);

    private static async Task<IReadOnlyList<ShownMetric>> ShownMetricsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => JSON.stringify([...document.querySelectorAll('[data-metric]')]
                .map(e => ({ path: e.dataset.metric, value: e.dataset.value ?? '', text: e.textContent })))
            """);
        return JsonNode.Parse(json)!.AsArray()
            .Select(m => new ShownMetric(m!["path"]!.GetValue<string>(), m["value"]!.GetValue<string>(), m["text"]!.GetValue<string>()))
            .ToList();
    }

    private static void AssertEveryNumberShownIsTheApis(IReadOnlyList<ShownMetric> shown, JsonNode statistics)
    {
        var totals = statistics["totals"]!;
        Assert.That(totals["orders"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(3), "the seeded orders are in the window");
        var statusesPresent = totals["emails"]!.AsObject().Where(e => e.Value!.GetValue<long>() > 0).Select(e => e.Key).ToList();
        Assert.That(statusesPresent, Is.SupersetOf(new[] { "Succeeded", "Failed_RecipientReserved", "Failed_RecipientNotIdentified" }), "the seeding worked");

        var paths = shown.Select(m => m.Path).ToHashSet();
        Assert.That(paths, Is.SupersetOf(AlwaysShown.Concat(statusesPresent.Select(s => $"totals.emails.{s}"))));
        Assert.Multiple(() =>
        {
            foreach (var metric in shown)
            {
                var resolved = TryResolve(statistics, metric.Path, out var expected);
                Assert.That(resolved, Is.True, $"{metric.Path} is a path in the statistics answer");
                if (!resolved)
                {
                    continue;
                }

                if (expected is null)
                {
                    Assert.That((metric.Value, metric.Text), Is.EqualTo(("null", "–")), metric.Path);
                    continue;
                }

                if (expected.GetValueKind() == JsonValueKind.String)
                {
                    var text = expected.GetValue<string>();
                    Assert.That(metric.Value, Is.EqualTo(text), $"{metric.Path}: data-value");
                    // An instant is shown to the minute ("2026-12-09 07:30 UTC"), the organisation as it is.
                    Assert.That(metric.Text, Is.EqualTo(metric.Path.EndsWith("Time", StringComparison.Ordinal) ? text[..16].Replace('T', ' ') + " UTC" : text),
                        $"{metric.Path}: the text");
                    continue;
                }

                var value = expected.GetValue<double>();
                Assert.That(double.Parse(metric.Value, CultureInfo.InvariantCulture), Is.EqualTo(value), $"{metric.Path}: data-value");
                Assert.That(NumberIn(metric), Is.EqualTo(metric.Path.EndsWith("deliveryRate", StringComparison.Ordinal) ? value * 100 : value).Within(0.05),
                    $"{metric.Path}: the text '{metric.Text}'");
            }
        });
    }

    /// <summary>"1,234", "75.0 %", "812 ms": the number the page shows.</summary>
    private static double NumberIn(ShownMetric metric) =>
        double.Parse(metric.Text.Replace(",", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal).Replace("ms", "", StringComparison.Ordinal).Trim(),
            CultureInfo.InvariantCulture);

    private static bool TryResolve(JsonNode root, string path, out JsonNode? value)
    {
        value = root;
        foreach (var key in path.Split('.'))
        {
            switch (value)
            {
                case JsonObject o when o.TryGetPropertyValue(key, out var member):
                    value = member;
                    break;
                case JsonArray a when int.TryParse(key, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count:
                    value = a[i];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static async Task AssertTokenOnlyInSessionStorageAsync(IPage page, IBrowserContext context, string token)
    {
        Assert.That(await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{TokenKey}')"), Is.EqualTo(token));
        var localStorage = await page.EvaluateAsync<string>("() => JSON.stringify(Object.entries(localStorage))");
        Assert.That(localStorage, Does.Not.Contain(token.Split('.')[2]), "not in localStorage");
        Assert.That(await context.CookiesAsync(), Is.Empty, "no cookies");
        Assert.That(await page.EvaluateAsync<string>("() => document.cookie"), Is.Empty);
        Assert.That(page.Url, Does.Not.Contain(token.Split('.')[2]), "not in the URL");
    }
}
