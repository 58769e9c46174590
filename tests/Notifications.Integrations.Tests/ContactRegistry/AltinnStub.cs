using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Integrations.Tests.ContactRegistry;

/// <summary>How the stub answers one request.</summary>
public enum StubAnswer
{
    Normally,
    With500,
    WithGarbage,
    WithoutTheList,
    Slowly,
}

/// <summary>One request the stub received: the path, the numbers it asked about, and the raw body.</summary>
public sealed record RecordedRequest(string Path, IReadOnlyList<string> Numbers, string Body, string? PlatformAccessToken);

/// <summary>
/// Altinn Profile and Register on a real loopback Kestrel server, answering their lookups from in-memory data, so the
/// tests go through the real HttpClient stack (connection errors, timeouts, status codes, base-address handling).
/// </summary>
public sealed class AltinnStub : IAsyncDisposable
{
    public const string PersonsPath = "/profile/api/v1/users/contactpoint/lookup";
    public const string OrganizationsPath = "/profile/api/v1/organizations/notificationaddresses/lookup";
    public const string NamesPath = "/register/api/v1/parties/nameslookup";

    private readonly WebApplication _app;

    private AltinnStub(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Profile's base address, deliberately without the trailing slash.</summary>
    public string ProfileBaseUrl => new Uri(Address, "profile/api/v1").AbsoluteUri;

    /// <summary>Register's base address, with the trailing slash.</summary>
    public string RegisterBaseUrl => new Uri(Address, "register/api/v1/").AbsoluteUri;

    public ConcurrentDictionary<string, (string? Email, bool IsReserved)> Persons { get; } = new();

    public ConcurrentDictionary<string, string?[]> Organizations { get; } = new();

    /// <summary>Register's names, by NIN or organisation number.</summary>
    public ConcurrentDictionary<string, string> Names { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Func<RecordedRequest, StubAnswer> Answer { get; set; } = _ => StubAnswer.Normally;

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Awaited before answering each request; a throw answers 500.</summary>
    public Func<RecordedRequest, CancellationToken, Task> BeforeAnswering { get; set; } = (_, _) => Task.CompletedTask;

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => [.. Requests.Where(r => r.Path == path)];

    public static async Task<AltinnStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");

        AltinnStub? stub = null;
        app.MapPost(PersonsPath, context => stub!.HandleAsync(context, "nationalIdentityNumbers", n => stub.Person(n)));
        app.MapPost(OrganizationsPath, context => stub!.HandleAsync(context, "organizationNumbers", n => stub.Organization(n)));
        app.MapPost(NamesPath, context => stub!.HandleNamesAsync(context));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        stub = new AltinnStub(app, new Uri(address + "/"));
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private JsonObject? Person(string nin) => Persons.TryGetValue(nin, out var p)
        ? new JsonObject { ["userId"] = 1, ["nationalIdentityNumber"] = nin, ["isReserved"] = p.IsReserved, ["mobileNumber"] = "+4799999999", ["email"] = p.Email }
        : null;

    private JsonObject? Organization(string orgNo) => Organizations.TryGetValue(orgNo, out var emails)
        ? new JsonObject
        {
            ["organizationNumber"] = orgNo,
            ["partyId"] = 1,
            ["emailList"] = new JsonArray([.. emails.Select(e => (JsonNode?)JsonValue.Create(e))]),
            ["mobileNumberList"] = new JsonArray(),
        }
        : null;

    private async Task HandleAsync(HttpContext context, string listName, Func<string, JsonObject?> lookUp)
    {
        var (body, json) = await ReadAsync(context);
        var numbers = json?[listName]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        if (!await Record(context, body, numbers))
        {
            return;
        }

        var list = new JsonArray([.. numbers.Select(lookUp).OfType<JsonObject>()]);
        await WriteAsync(context, new JsonObject { ["contactPointsList"] = list });
    }

    private async Task HandleNamesAsync(HttpContext context)
    {
        var (body, json) = await ReadAsync(context);
        var parties = json?["parties"]?.AsArray().Select(p => (Ssn: (string?)p?["ssn"], OrgNo: (string?)p?["orgNo"])).ToList() ?? [];
        if (!await Record(context, body, [.. parties.Select(p => p.Ssn ?? p.OrgNo ?? "")]))
        {
            return;
        }

        // Register answers every party asked about, with a null name for those it does not know.
        var names = parties.Select(p => new JsonObject
        {
            ["name"] = Names.GetValueOrDefault(p.Ssn ?? p.OrgNo ?? ""),
            ["orgNo"] = p.OrgNo,
            ["ssn"] = p.Ssn,
        });
        await WriteAsync(context, new JsonObject { ["partyNames"] = new JsonArray([.. names]) });
    }

    /// <summary>Records the request and applies <see cref="Answer"/>; false when that already answered it.</summary>
    private async Task<bool> Record(HttpContext context, string body, IReadOnlyList<string> numbers)
    {
        var token = context.Request.Headers.TryGetValue("PlatformAccessToken", out var value) ? value.ToString() : null;
        var request = new RecordedRequest(context.Request.Path, numbers, body, token);
        Requests.Enqueue(request);
        await BeforeAnswering(request, context.RequestAborted);
        switch (Answer(request))
        {
            case StubAnswer.With500:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return false;
            case StubAnswer.WithGarbage:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"contactPointsList\": [ <html>oops", context.RequestAborted);
                return false;
            case StubAnswer.WithoutTheList:
                await WriteAsync(context, new JsonObject());
                return false;
            case StubAnswer.Slowly:
                // A registry that really is slow: the client's real timeout is what is tested.
                await Task.Delay(SlowDelay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return !context.RequestAborted.IsCancellationRequested;
            default:
                return true;
        }
    }

    private static async Task<(string Body, JsonNode? Json)> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        return (body, JsonNode.Parse(body));
    }

    private static Task WriteAsync(HttpContext context, JsonObject json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
    }
}
