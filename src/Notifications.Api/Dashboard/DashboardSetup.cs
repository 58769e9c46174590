using Notifications.Api.Pages;

namespace Notifications.Api.Dashboard;

/// <summary>
/// The dashboard at <c>/dashboard</c> (docs/dashboard.md): a static page and script that read the statistics and the
/// status feed with a token the user pastes, drawn with Chart.js. Everything is embedded in this assembly and served by
/// the service (<see cref="EmbeddedAssets"/>), so the page works without internet access, whatever the content root. The
/// page needs no token; the API calls it makes do. Not part of the OpenAPI document.
/// </summary>
/// <remarks>
/// <c>Assets/chart.umd.min.js</c> is Chart.js 4.6.1 (MIT, <c>Assets/chart.js-LICENSE.txt</c>, the package's LICENSE.md), byte for byte
/// <c>package/dist/chart.umd.min.js</c> of <c>npm pack chart.js@4.6.1</c> (tarball sha1 40a924bc0b92544ed66fa3f4873981152fc62c52,
/// file sha256 87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2). To upgrade, replace both files and the
/// version here, in <c>Assets/index.html</c> and in docs/dashboard.md.
/// </remarks>
public static class DashboardSetup
{
    public const string PagePath = "/dashboard";

    // The csproj gives each file of Dashboard/Assets this prefix as its resource name.
    private static readonly EmbeddedAssets Assets = new("Notifications.Api.Dashboard");

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapGet(PagePath, (HttpContext context) => Assets.Serve(context, "index.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(PagePath + "/{file}", (HttpContext context, string file) => Assets.Serve(context, file)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
