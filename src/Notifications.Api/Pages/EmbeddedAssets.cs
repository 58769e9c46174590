using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Notifications.Api.Pages;

/// <summary>
/// Serves files embedded in this assembly as the service's own pages (the landing page, the favicon, the dashboard), so
/// they work without internet access whatever the content root, all under one Content-Security-Policy and the same
/// caching (docs/dashboard.md).
/// </summary>
/// <param name="resourcePrefix">The prefix the csproj gives the folder's files as resource names.</param>
internal sealed class EmbeddedAssets(string resourcePrefix)
{
    /// <summary>
    /// Scripts and styles only from this service (so no inline script can run, whatever a shown value contains); API calls
    /// only to it; no forms posted anywhere; not framed.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    // The files change only with the assembly: its build id is their version.
    private static readonly EntityTagHeaderValue Version = new($"\"{typeof(EmbeddedAssets).Assembly.ManifestModule.ModuleVersionId:N}\"");

    private readonly EmbeddedFileProvider _files = new(typeof(EmbeddedAssets).Assembly, resourcePrefix);

    /// <summary>The file <paramref name="name"/> of the folder, or 404 when there is none (or its type is unknown).</summary>
    public IResult Serve(HttpContext context, string name)
    {
        var file = _files.GetFileInfo(name);
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
