using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Notifications.Api.Dashboard;

/// <summary>
/// The dashboard at <c>/dashboard</c> (docs/dashboard.md): a static page and script that read the statistics and the
/// status feed with a token the user pastes, drawn with Chart.js. Everything is embedded in this assembly and served by
/// the service, so the page works without internet access, whatever the content root. The page needs no token; the API
/// calls it makes do. Not part of the OpenAPI document.
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

    /// <summary>
    /// Scripts and styles only from this service (so no inline script can run, whatever a shown value contains); API calls
    /// only to it; no forms posted anywhere; not framed.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // The csproj gives each file of Dashboard/Assets this prefix as its resource name.
    private static readonly EmbeddedFileProvider Assets = new(typeof(DashboardSetup).Assembly, "Notifications.Api.Dashboard");
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    // The files change only with the assembly: its build id is their version.
    private static readonly EntityTagHeaderValue Version = new($"\"{typeof(DashboardSetup).Assembly.ManifestModule.ModuleVersionId:N}\"");

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapGet(PagePath, (HttpContext context) => Serve(context, "index.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(PagePath + "/{file}", (HttpContext context, string file) => Serve(context, file)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, string name)
    {
        var file = Assets.GetFileInfo(name);
        if (!file.Exists || !ContentTypes.TryGetContentType(name, out var contentType))
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated on every load (a 304 while the build is the same), so a new build's page never runs an old script.
        headers.CacheControl = "no-cache";
        if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal))
        {
            contentType += "; charset=utf-8";
        }

        return Results.Stream(file.CreateReadStream(), contentType, entityTag: Version);
    }
}
