using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Http.OpenApi;

/// <summary>
/// The committed <c>openapi/notifications-v1.json</c> is what the client is generated from, so it must be what the
/// service serves. <c>UPDATE_OPENAPI=1</c> rewrites it instead of comparing (<c>scripts/update-openapi.sh</c>).
/// </summary>
public sealed class OpenApiDocumentTests : ApiTestBase
{
    public const string DocumentUrl = "/openapi/v1.json";
    public const string CommittedPath = "openapi/notifications-v1.json";
    private const string RegenerateHint = "Regenerate it with scripts/update-openapi.sh "
        + "(UPDATE_OPENAPI=1 ./test.sh --filter FullyQualifiedName~OpenApiDocumentTests) and commit the result.";

    /// <summary>Readable in a diff: indented, and apostrophes and non-ASCII letters as themselves.</summary>
    private static readonly JsonSerializerOptions FileFormat = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Test]
    public async Task ServedDocument_IsTheCommittedOne()
    {
        var served = await ServedDocumentAsync();
        var committedFile = Path.Combine(RepositoryRoot(), CommittedPath);
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(committedFile)!);
            await File.WriteAllTextAsync(committedFile, served.ToJsonString(FileFormat) + "\n");
            TestContext.Progress.WriteLine($"Wrote {committedFile}");
            return;
        }

        Assert.That(File.Exists(committedFile), Is.True, $"{CommittedPath} is missing. {RegenerateHint}");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(committedFile))!;
        var expected = Normalise(committed);
        var actual = Normalise(served);
        Assert.That(actual, Is.EqualTo(expected), $"The served OpenAPI document differs from {CommittedPath} at {FirstDifference(expected, actual)}. {RegenerateHint}");
    }

    [Test]
    public async Task Document_IsOpenApi30_WithBothSecuritySchemesOnEveryOrderOperation()
    {
        var document = await ServedDocumentAsync();

        Assert.That(document["openapi"]!.GetValue<string>(), Does.StartWith("3.0."));
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.That(schemes["Bearer"]!["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
        Assert.That(schemes["PlatformAccessToken"]!["in"]!.GetValue<string>(), Is.EqualTo("header"));
        Assert.That(schemes["PlatformAccessToken"]!["name"]!.GetValue<string>(), Is.EqualTo("PlatformAccessToken"));

        var orderOperations = document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith(OrdersUrl, StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject())
            .ToList();
        Assert.That(orderOperations, Has.Count.EqualTo(7));
        foreach (var (method, operation) in orderOperations)
        {
            var security = operation!["security"]!.AsArray().Select(r => r!.AsObject().Single().Key).ToList();
            Assert.That(security, Is.EquivalentTo(new[] { "Bearer", "PlatformAccessToken" }), method);
            Assert.That(operation["responses"]!["401"]!["content"]!["application/problem+json"], Is.Not.Null, method);
            Assert.That(operation["responses"]!["403"]!["content"]!["application/problem+json"], Is.Not.Null, method);
        }
    }

    [Test]
    public async Task Document_HasEnumsAsStrings_SeedExamples_AndNothingInternal()
    {
        var document = await ServedDocumentAsync();
        var text = document.ToJsonString();

        Assert.That(document["components"]!["schemas"]!["EmailContentTypeExt"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()),
            Is.EqualTo(new[] { "Plain", "Html" }));
        var post = document["paths"]!["/notifications/api/v1/orders/email"]!["post"]!;
        Assert.That(post["operationId"]!.GetValue<string>(), Is.EqualTo("PostEmailOrder"));
        Assert.That(post["requestBody"]!["content"]!["application/json"]!["examples"]!["simple"]!["value"]!["sendersReference"]!.GetValue<string>(),
            Is.EqualTo("ref-2023-12-01"));
        Assert.That(post["responses"]!["202"]!["content"]!["application/json"]!["example"]!["recipientLookup"]!["status"]!.GetValue<string>(),
            Is.EqualTo("PartialSuccess"));
        Assert.That(text, Does.Not.Contain("/health").And.Not.Contain("/metrics").And.Not.Contain("/docs"));
        Assert.That(document["servers"]!.AsArray().Select(server => server!["url"]!.GetValue<string>()), Is.EqualTo(new[] { "/" }),
            "one relative server: the request's host would make the document depend on the host that serves it");
    }

    [Test]
    public async Task DocsPage_IsServedWithoutToken()
    {
        using var response = await Client.GetAsync("/docs/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<html").IgnoreCase);
    }

    private async Task<JsonNode> ServedDocumentAsync()
    {
        using var response = await Client.GetAsync(DocumentUrl);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Indented, with every object's members sorted: formatting and member order are not differences.</summary>
    private static string Normalise(JsonNode node) => Sorted(node)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i].Trim() : "(end)";
            var a = i < actualLines.Length ? actualLines[i].Trim() : "(end)";
            if (e != a)
            {
                return $"normalised line {i + 1}: committed `{e}`, served `{a}`";
            }
        }

        return "(no line differs)";
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Notifications.sln not found above the test directory.");
    }
}
