using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Notifications.Bench;

/// <summary>
/// A webhook receiver for the webhooks scenario: answers every POST 204 and records its <c>webhook-id</c> and arrival
/// (Unix milliseconds). <c>GET /stats</c> gives <c>deliveries=N distinct=N</c>, <c>GET /arrivals</c> one CSV line per
/// delivery. Prints <c>url=</c>, then runs until SIGTERM.
/// </summary>
internal static class WebhookSinkCommand
{
    public static async Task<int> RunAsync(Options options)
    {
        var arrivals = new ConcurrentQueue<(long Id, long ArrivedMs)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapPost("/hooks", (HttpRequest request) =>
        {
            arrivals.Enqueue((long.Parse(request.Headers["webhook-id"].ToString(), CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            return Results.NoContent();
        });
        app.MapGet("/stats", () => $"deliveries={arrivals.Count} distinct={arrivals.Select(a => a.Id).Distinct().Count()}\n");
        app.MapGet("/arrivals", () =>
        {
            var csv = new StringBuilder();
            foreach (var (id, arrived) in arrivals)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{id},{arrived}\n");
            }

            return csv.ToString();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"url={address}/hooks");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
