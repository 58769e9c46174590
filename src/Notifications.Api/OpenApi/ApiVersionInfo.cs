using System.Reflection;

namespace Notifications.Api.OpenApi;

/// <summary>
/// The API's version and licence, put into this assembly's metadata from <c>Directory.Build.props</c>, where the client
/// package takes its version and licence too: the document and the package cannot disagree.
/// </summary>
internal static class ApiVersionInfo
{
    public static string Version { get; } = Metadata("NotificationsApiVersion");

    /// <summary>An SPDX licence expression, e.g. <c>MIT</c>.</summary>
    public static string License { get; } = Metadata("NotificationsLicense");

    private static string Metadata(string key) =>
        typeof(ApiVersionInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The assembly metadata {key} is missing (Directory.Build.props).");
}
