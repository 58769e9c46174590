using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing.SendCondition;

/// <summary>
/// Condition endpoints on a real loopback Kestrel server, one path per kind of answer, so the client is tested through
/// the real socket, connect callback and HTTP stack.
/// </summary>
public sealed class ConditionEndpointServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ConditionEndpointServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's base address, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Address { get; }

    public int Port => Address.Port;

    /// <summary>Path and query of every request received, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<ConditionEndpointServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");

        ConditionEndpointServer? server = null;
        app.Use((context, next) =>
        {
            server!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            return next(context);
        });
        app.MapGet("/true", () => Json("{\"sendNotification\": true}"));
        app.MapGet("/false", () => Json("{\"SENDNOTIFICATION\": false}"));
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/invalid", () => Json("{\"sendNotification\": tru"));
        app.MapGet("/html", () => Results.Content("<html>maintenance</html>", "text/html"));
        app.MapGet("/empty", () => Results.Ok());
        app.MapGet("/missing", () => Json("{\"sendNotifications\": true}"));
        app.MapGet("/string", () => Json("{\"sendNotification\": \"true\"}"));
        app.MapGet("/null", () => Json("null"));
        app.MapGet("/array", () => Json("[{\"sendNotification\": true}]"));
        app.MapGet("/large", WriteLargeAnswerAsync);
        app.MapGet("/slow", async (CancellationToken aborted) =>
        {
            // An endpoint that really hangs, longer than the condition client's real timeout.
            await Task.Delay(TimeSpan.FromSeconds(30), aborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Json("{\"sendNotification\": true}");
        });
        app.MapGet("/redirect", () => Results.Redirect(new Uri(server!.Address, "false?via=redirect").AbsoluteUri));
        app.MapGet("/redirect-relative", (HttpContext context) =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = "/true";
        });
        app.MapGet("/redirect-chain/{left:int}", (int left) => Results.Redirect(left == 0 ? "/true" : $"/redirect-chain/{left - 1}"));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        app.MapGet("/redirect-ftp", () => Results.Redirect("ftp://127.0.0.1/condition"));
        app.MapGet("/redirect-without-location", (HttpContext context) => context.Response.StatusCode = StatusCodes.Status302Found);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new ConditionEndpointServer(app, new Uri(address + "/"));
        return server;
    }

    /// <summary>An address on this server; <paramref name="host"/> replaces 127.0.0.1 (e.g. <c>localhost</c>).</summary>
    public Uri Url(string pathAndQuery, string? host = null) =>
        new UriBuilder(new Uri(Address, pathAndQuery)) { Host = host ?? Address.Host }.Uri;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Json(string body) => Results.Content(body, "application/json");

    /// <summary>Valid JSON, but 100 KiB of it, chunked so no Content-Length gives the size away.</summary>
    private static async Task WriteLargeAnswerAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"sendNotification\": true, \"padding\": \"", context.RequestAborted);
        var chunk = new string('x', 1024);
        for (var i = 0; i < 100; i++)
        {
            await context.Response.WriteAsync(chunk, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await context.Response.WriteAsync("\"}", context.RequestAborted);
    }
}
