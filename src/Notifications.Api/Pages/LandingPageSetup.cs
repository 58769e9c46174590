namespace Notifications.Api.Pages;

/// <summary>
/// The landing page at <c>/</c>, which says what the service is and links to the docs page, the dashboard, the OpenAPI
/// document and the health probes, and the favicon every page of the service uses. Static files embedded in this assembly
/// (<c>Pages/Assets</c>), anonymous, not part of the OpenAPI document.
/// </summary>
public static class LandingPageSetup
{
    public const string PagePath = "/";

    // The csproj gives each file of Pages/Assets this prefix as its resource name.
    private static readonly EmbeddedAssets Assets = new("Notifications.Api.Pages");

    /// <summary>Served at the root under their own names; browsers ask for <c>/favicon.ico</c> of any page by themselves.</summary>
    private static readonly string[] RootFiles = ["favicon.ico", "favicon.svg", "landing.css"];

    public static WebApplication MapLandingPage(this WebApplication app)
    {
        app.MapGet(PagePath, (HttpContext context) => Assets.Serve(context, "index.html")).AllowAnonymous().ExcludeFromDescription();
        foreach (var file in RootFiles)
        {
            app.MapGet("/" + file, (HttpContext context) => Assets.Serve(context, file)).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }
}
