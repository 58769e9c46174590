using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Notifications.Integrations.Email.Acs;

namespace Notifications.Bench;

/// <summary>
/// The dispatch baseline: the same signed ACS send requests the service makes, from a bare <see cref="HttpClient"/>
/// loop with a fixed number of concurrent senders, no database. Prints <c>sent= failed= seconds= per_s=</c>.
/// </summary>
internal static class SendLoopCommand
{
    public static async Task<int> RunAsync(Options options)
    {
        var endpoint = options.Text("endpoint").TrimEnd('/');
        var key = Convert.FromBase64String(options.Text("key"));
        var count = options.Int("count");
        var concurrency = options.Int("concurrency");
        var url = new Uri($"{endpoint}/emails:send?api-version={AcsOptions.DefaultApiVersion}");
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false });

        var next = -1;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var id = Guid.CreateVersion7();
                var body = Body($"bench-{id:N}@example.com");
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.TryAddWithoutValidation(AcsEmailClient.OperationIdHeader, id.ToString("D"));
                AcsHmacSigningHandler.Sign(request, body, DateTimeOffset.UtcNow, key);
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if ((int)response.StatusCode != 202)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent={count} failed={failed} seconds={seconds:0.000} per_s={count / seconds:0}"));
        return failed == 0 ? 0 : 1;
    }

    /// <summary>The body the service sends for a plain-text email (see AcsEmailClient).</summary>
    private static byte[] Body(string address)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("senderAddress", "noreply@notifications.local");
            json.WriteStartObject("content");
            json.WriteString("subject", "Benchmark notification");
            json.WriteString("plainText", "Hello. This is a benchmark email with a body of ordinary length, sent to a fake ACS.");
            json.WriteEndObject();
            json.WriteStartObject("recipients");
            json.WriteStartArray("to");
            json.WriteStartObject();
            json.WriteString("address", address);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteBoolean("userEngagementTrackingDisabled", true);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
