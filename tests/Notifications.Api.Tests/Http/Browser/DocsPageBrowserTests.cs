using Microsoft.Playwright;

namespace Notifications.Api.Tests.Http.Browser;

/// <summary>The docs page in a real headless browser (<see cref="HeadlessChromium"/>).</summary>
public sealed class DocsPageBrowserTests : ApiTestBase
{
    [Test]
    public async Task DocsPage_ShowsThePostEmailOrderOperation()
    {
        HeadlessChromium.Require();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);
        page.Console += (_, message) => TestContext.Progress.WriteLine($"browser console: {message.Text}");

        var response = await page.GotoAsync(new Uri(Client.BaseAddress!, "/docs/").ToString());
        Assert.That(response?.Status, Is.EqualTo(200));

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "docs-post-email-order.png");
        string operationText;
        try
        {
            // The sidebar entry is the operation's summary from the XML docs; opening it shows method and path.
            await Visible(page.GetByText("EmailOrders", new PageGetByTextOptions { Exact = true })).WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            var entry = Visible(page.GetByText("Registers an order for an email"));
            if (!await entry.IsVisibleAsync())
            {
                // Its tag group is collapsed: open it.
                await Visible(page.GetByText("EmailOrders", new PageGetByTextOptions { Exact = true })).ClickAsync();
            }

            await entry.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            await entry.ClickAsync();
            var path = Visible(page.GetByText("/notifications/api/v1/orders/email"));
            await path.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            operationText = await page.Locator("body").InnerTextAsync();
        }
        finally
        {
            // Also when the page did not render: the picture shows why.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
            TestContext.Progress.WriteLine($"Screenshot of /docs: {screenshot}");
            TestContext.AddTestAttachment(screenshot, "The docs page at the POST /orders/email operation");
        }

        Assert.That(operationText, Does.Contain("POST"));
        Assert.That(operationText, Does.Contain("PostEmailOrder"), "the operation id is shown");
        Assert.That(failedRequests.Where(u => u.StartsWith(Client.BaseAddress!.ToString(), StringComparison.Ordinal)), Is.Empty,
            "every asset of the page is served by the service itself");
    }

    private static ILocator Visible(ILocator locator) => locator.Filter(new LocatorFilterOptions { Visible = true }).First;
}
