using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Notifications.Bench;

/// <summary>
/// Follows the status feed with its cursor, pages of 500, until <c>--entries</c> have been read (the feed scenario).
/// Prints <c>per_s=… p99_page_ms=… pages=… entries=…</c>; exits non-zero when a page fails, the feed ends early, or a
/// sequence number repeats or goes backwards.
/// </summary>
internal static class FeedReadCommand
{
    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Text("url");
        var expected = options.Int("entries");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Text("token"));

        var pageTimes = new List<double>();
        var seq = 0L;
        var read = 0;
        var clock = Stopwatch.StartNew();
        while (read < expected)
        {
            var page = Stopwatch.StartNew();
            using var response = await http.GetAsync($"{url}?seq={seq}&pageSize=500");
            await using var body = await response.Content.ReadAsStreamAsync();
            using var entries = await JsonDocument.ParseAsync(body);
            pageTimes.Add(page.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode || entries.RootElement.GetArrayLength() == 0)
            {
                await Console.Error.WriteLineAsync($"the feed ended after {read} of {expected} entries ({(int)response.StatusCode})");
                return 1;
            }

            foreach (var entry in entries.RootElement.EnumerateArray())
            {
                var next = entry.GetProperty("sequenceNumber").GetInt64();
                if (next <= seq)
                {
                    await Console.Error.WriteLineAsync($"sequence number {next} after {seq}");
                    return 1;
                }

                seq = next;
                read++;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        pageTimes.Sort();
        var p99 = pageTimes[Math.Clamp((int)Math.Ceiling(pageTimes.Count * 0.99) - 1, 0, pageTimes.Count - 1)];
        Console.WriteLine($"per_s={read / seconds:F0} p99_page_ms={p99:F1} pages={pageTimes.Count} entries={read}");
        return 0;
    }
}
