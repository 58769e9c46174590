using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing.Webhooks;

/// <summary>One POST as the receiver saw it, the status it answered, and the sender's port (one per connection).</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string? ContentType, string Body, int Status, int RemotePort);

/// <summary>
/// A webhook subscriber on a real loopback Kestrel server: records every POST with its Standard Webhooks headers and
/// answers what <see cref="Answer"/> says (204 by default), so tests can fail, stall or redirect deliveries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary><c>http://127.0.0.1:{port}/hook</c>.</summary>
    public Uri Address { get; }

    /// <summary>Every POST, in the order it arrived.</summary>
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>
    /// The status for a POST, given how many came before it; may stall (it gets the request's abort token). Null: 204.
    /// </summary>
    public Func<int, CancellationToken, Task<int>>? Answer { get; set; }

    /// <summary>The POSTs answered with a 2xx, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => Received.Where(r => r.Status is >= 200 and < 300).ToList();

    /// <param name="port">0 for any free port; a given one to come back on a port that refused connections before.</param>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add($"http://127.0.0.1:{port}");
        WebhookReceiver? receiver = null;
        var count = 0;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var answer = receiver!.Answer;
            var index = Interlocked.Increment(ref count) - 1;
            int status;
            try
            {
                status = answer is null ? StatusCodes.Status204NoContent : await answer(index, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                status = 499;
            }

            receiver.Received.Enqueue(new ReceivedWebhook(
                context.Request.Headers["webhook-id"], context.Request.Headers["webhook-timestamp"], context.Request.Headers["webhook-signature"],
                context.Request.ContentType, body, status, context.Connection.RemotePort));
            context.Response.StatusCode = status;
            if (status is >= 300 and < 400)
            {
                context.Response.Headers.Location = "/hook";
            }
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver = new WebhookReceiver(app, new Uri(address + "/hook"));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
