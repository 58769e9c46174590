using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Notifications.Testing.Email.Acs;

namespace Notifications.Bench;

/// <summary>
/// The tests' <see cref="FakeAcsServer"/> (HMAC signatures checked on every request) as a process, plus a small control
/// endpoint for the script: <c>GET /stats</c> (emails, requests, rejected) and <c>GET /emails</c> (one CSV line per
/// email: operation id, arrival in Unix milliseconds). Prints <c>endpoint=</c> and <c>control=</c>, then runs until
/// SIGTERM.
/// </summary>
internal static class FakeAcsCommand
{
    public static async Task<int> RunAsync(Options options)
    {
        await using var fake = await FakeAcsServer.StartAsync(options.Text("key"));
        fake.Latency = TimeSpan.FromMilliseconds(options.Double("latency-ms", 20));
        if (options.Flag("throttle"))
        {
            // Every send is told to wait an hour: the service pauses sending and only fans out.
            fake.AnswerWith = r => r.Method == "POST" ? FakeAcsAnswer.Throttled(TimeSpan.FromHours(1)) : null;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        await using var control = builder.Build();
        control.Urls.Add("http://127.0.0.1:0");
        control.MapGet("/stats", () =>
        {
            var requests = fake.Requests;
            return $"emails={fake.Emails.Count} requests={requests.Count} rejected={requests.Count(r => r.Rejection is not null)}\n";
        });
        control.MapGet("/emails", () =>
        {
            var csv = new StringBuilder();
            foreach (var email in fake.Emails)
            {
                csv.Append(email.OperationId).Append(',')
                    .Append(email.CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            return csv.ToString();
        });
        await control.StartAsync();
        var controlUrl = control.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        Console.WriteLine($"endpoint={fake.Endpoint.AbsoluteUri}");
        Console.WriteLine($"control={controlUrl}");
        await Console.Out.FlushAsync();
        await control.WaitForShutdownAsync();
        return 0;
    }
}
