using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Notifications.Bench;

/// <summary>
/// Asks GET /future/statistics <c>--requests</c> times, one at a time, rotating through day and hour groupings over
/// windows of 7 to 30 days ending <c>--to</c> (the stats scenario). Prints <c>p50_ms=… p99_ms=… requests=… emails=… p99_day_ms=… p99_hour_ms=…</c>,
/// emails being the largest number of emails one answer counted; exits non-zero when a request fails.
/// </summary>
internal static class StatsReadCommand
{
    private static readonly (int Days, string GroupBy)[] Shapes = [(30, "day"), (30, "hour"), (7, "day"), (7, "hour"), (14, "day")];

    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Text("url");
        var requests = options.Int("requests");
        var to = DateOnly.ParseExact(options.Text("to"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Text("token"));

        var times = new List<double>(requests);
        var byGrouping = new Dictionary<string, List<double>> { ["day"] = [], ["hour"] = [] };
        var emails = 0L;
        for (var i = 0; i < requests; i++)
        {
            var (days, groupBy) = Shapes[i % Shapes.Length];
            var query = $"?from={to.AddDays(1 - days):yyyy-MM-dd}&to={to:yyyy-MM-dd}&groupBy={groupBy}";
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(url + query);
            var body = await response.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            byGrouping[groupBy].Add(clock.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"{query}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
                return 1;
            }

            using var answer = JsonDocument.Parse(body);
            var counted = answer.RootElement.GetProperty("totals").GetProperty("emails").EnumerateObject().Sum(s => s.Value.GetInt64());
            emails = Math.Max(emails, counted);
        }

        static double At(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * q) - 1, 0, sorted.Count - 1)];
        foreach (var list in byGrouping.Values.Append(times))
        {
            list.Sort();
        }

        Console.WriteLine($"p50_ms={At(times, 0.5):F1} p99_ms={At(times, 0.99):F1} requests={times.Count} emails={emails} "
            + $"p99_day_ms={At(byGrouping["day"], 0.99):F1} p99_hour_ms={At(byGrouping["hour"], 0.99):F1}");
        return 0;
    }
}
