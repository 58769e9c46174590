using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Api.Jobs;

namespace Notifications.Api.Tests.Http.Outage;

/// <summary>
/// Database unavailable → 503, never 500: each test runs a host against a PostgreSQL cluster of its own and stops or
/// starts that cluster, so the run's shared server is never disturbed.
/// </summary>
[NonParallelizable]
public sealed class DatabaseOutageTests
{
    private const string EmailOrdersUrl = ApiTestBase.EmailOrdersUrl;

    [Test]
    public async Task Post_WhileTheDatabaseRestarts_AnswersOnly202Or503_AndEvery202IsStored()
    {
        await using var postgres = await PrivatePostgres.CreateAsync();
        await postgres.StartAsync();
        await using var factory = new NotificationsApiFactory(new Dictionary<string, string?> { ["ConnectionStrings:Notifications"] = postgres.ConnectionString });
        factory.StartServer();
        using var client = factory.CreateClient();

        var answers = new ConcurrentQueue<Answer>();
        using var stop = new CancellationTokenSource();
        var phase = 0; // 0 before the stop, 1 while stopped, 2 after the restart
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var before = Volatile.Read(ref phase);
                answers.Enqueue(await PostAsync(client, before));
            }
        })).ToList();
        try
        {
            await WaitUntilAsync(() => answers.Count(a => a.Status == HttpStatusCode.Accepted) >= 10, 60, "202s before the stop");
            await postgres.StopAsync();
            Volatile.Write(ref phase, 1);
            // Down for a few seconds under load, and long enough that requests saw it.
            var down = Stopwatch.StartNew();
            await WaitUntilAsync(() => down.Elapsed > TimeSpan.FromSeconds(3) && answers.Any(a => a.Phase == 1), 60, "requests while the database was down");
            await postgres.StartAsync();
            Volatile.Write(ref phase, 2);
            await WaitUntilAsync(() => answers.Count(a => a is { Phase: 2, Status: HttpStatusCode.Accepted }) >= 10, 60, "202s after the restart");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        var all = answers.ToList();
        TestContext.Out.WriteLine(string.Join(", ", all.GroupBy(a => (a.Phase, a.Status)).Select(g => $"phase {g.Key.Phase} {(int)g.Key.Status}: {g.Count()}")));
        Assert.That(all.Select(a => a.Status).Distinct(), Is.SubsetOf(new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }),
            string.Join("\n", all.Where(a => a.Status is not (HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable)).Take(3).Select(a => a.Body)));
        var unavailable = all.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.That(unavailable, Is.Not.Empty, "the outage was seen");
        Assert.That(unavailable.Select(a => a.RetryAfter).Distinct(), Is.EqualTo(new[] { "5" }));
        Assert.That(unavailable.Select(a => a.ContentType).Distinct(), Is.EqualTo(new[] { "application/problem+json" }));

        foreach (var accepted in all.Where(a => a.Status == HttpStatusCode.Accepted))
        {
            using var read = await client.SendAsync(Get($"{ApiTestBase.OrdersUrl}/{accepted.OrderId}"));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"order {accepted.OrderId} was accepted but cannot be read");
        }
    }

    [Test]
    public async Task Host_StartedWhileTheDatabaseIsDown_IsLiveNotReady_AndBecomesReadyWhenItComesUp()
    {
        await using var postgres = await PrivatePostgres.CreateAsync();
        var pickup = Path.Combine(Path.GetTempPath(), $"notifications-pickup-{Guid.NewGuid():N}");
        var settings = PipelineTestBase.PipelineSettings(pickup);
        settings["ConnectionStrings:Notifications"] = postgres.ConnectionString;
        var runs = new JobRuns();
        await using var factory = new NotificationsApiFactory(settings, runs.Register);
        factory.StartServer();
        using var client = factory.CreateClient();
        try
        {
            Assert.That((await client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((await client.GetAsync("/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var down = await PostAsync(client, 0);
            Assert.That(down.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), down.Body);
            Assert.That(down.RetryAfter, Is.EqualTo("5"));
            using (var read = await client.SendAsync(Get($"{ApiTestBase.OrdersUrl}/{Guid.NewGuid()}")))
            {
                Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            }

            // The jobs poll every second: once their polls have fired a few times, each was refused, none ran.
            var heartbeat = factory.Services.GetRequiredService<DispatchHeartbeat>();
            var firstBeat = heartbeat.LastBeat;
            await WaitUntilAsync(
                () => runs.Vetoed(DispatchJobKeys.ProcessDueOrders) >= 3 && runs.Vetoed(DispatchJobKeys.SendEmails) >= 3, 60, "the dispatch polls to fire");
            Assert.That(runs.Started(), Is.Zero, "a dispatch job ran before the migrations were applied");
            Assert.That(heartbeat.LastBeat, Is.EqualTo(firstBeat), "the readiness heartbeat saw no run");

            await postgres.StartAsync();
            await WaitUntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, 60, "ready after the database came up");

            var up = await PostAsync(client, 2);
            Assert.That(up.Status, Is.EqualTo(HttpStatusCode.Accepted), up.Body);
            await WaitUntilAsync(() => Directory.Exists(pickup) && Directory.GetFiles(pickup, "*.eml").Length == 1, 60, "the order dispatched");
        }
        finally
        {
            if (Directory.Exists(pickup))
            {
                Directory.Delete(pickup, recursive: true);
            }
        }
    }

    private sealed record Answer(int Phase, HttpStatusCode Status, string? RetryAfter, string? ContentType, Guid? OrderId, string Body);

    private static async Task<Answer> PostAsync(HttpClient client, int phase)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, EmailOrdersUrl)
        {
            Content = JsonContent.Create(new { subject = "Hello", body = "A message.", recipients = new[] { new { emailAddress = "user@example.com" } } }),
        };
        request.Headers.Authorization = new("Bearer", TestTokens.Bearer());
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Guid? orderId = response.StatusCode == HttpStatusCode.Accepted ? JsonNode.Parse(body)!["orderId"]!.GetValue<Guid>() : null;
        return new Answer(phase, response.StatusCode, response.Headers.RetryAfter?.ToString(), response.Content.Headers.ContentType?.MediaType, orderId, body);
    }

    private static HttpRequestMessage Get(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new("Bearer", TestTokens.Bearer());
        return request;
    }

    private static Task WaitUntilAsync(Func<bool> condition, int timeoutSeconds, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeoutSeconds, what);

    private static Task WaitUntilAsync(Func<Task<bool>> condition, int timeoutSeconds, string what) =>
        ApiTestBase.WaitUntilAsync(condition, timeoutSeconds, () => $"waiting for {what}");
}
