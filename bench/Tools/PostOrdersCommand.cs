using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Notifications.Bench;

/// <summary>
/// Posts one-recipient orders due now at a steady rate (the latency scenario). Writes one order id per line to
/// <c>--out</c>; exits non-zero when any post was not answered 202.
/// </summary>
internal static class PostOrdersCommand
{
    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Text("url");
        var count = options.Int("count");
        var interval = TimeSpan.FromSeconds(1 / options.Double("rate"));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Text("token"));

        var ids = new List<string>(count);
        var failed = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            // Steady rate: each post starts at its slot, however long the one before took.
            var wait = interval * i - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var body = $$"""{"subject":"Latency {{i}}","body":"A benchmark email that should be sent at once.","recipients":[{"emailAddress":"latency-{{i}}@example.com"}]}""";
            using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode != 202)
            {
                failed++;
                await Console.Error.WriteLineAsync($"post {i}: {(int)response.StatusCode} {text}");
                continue;
            }

            ids.Add(JsonDocument.Parse(text).RootElement.GetProperty("orderId").GetString()!);
        }

        await File.WriteAllLinesAsync(options.Text("out"), ids);
        return failed == 0 ? 0 : 1;
    }
}
