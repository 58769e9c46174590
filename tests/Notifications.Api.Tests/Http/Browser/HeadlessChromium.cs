using Microsoft.Playwright;

namespace Notifications.Api.Tests.Http.Browser;

/// <summary>
/// Debian's chromium (<c>./test.sh</c> installs it), driven by Playwright's bundled driver; no browser is downloaded.
/// <c>CHROMIUM_PATH</c> points elsewhere when needed.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    /// <summary>Without a browser the test cannot run: a failure in CI (test.sh installs it), elsewhere ignored with what to install.</summary>
    public static void Require()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        var message = $"No chromium at {ChromiumPath}: apt-get install chromium, or set CHROMIUM_PATH.";
        if (Environment.GetEnvironmentVariable("CI") is "true" or "1")
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no sandbox; the rest keeps chromium from reaching for the network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
}
