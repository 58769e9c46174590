using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Respawn;
using Notifications.Testing.Database;

namespace Notifications.Api.Tests.Http;

/// <summary>One host for the fixture; the database is emptied before each test (migrations history kept).</summary>
public abstract class ApiTestBase
{
    public const string OrdersUrl = "/notifications/api/v1/orders";
    public const string EmailOrdersUrl = "/notifications/api/v1/orders/email";

    private static Respawner? _respawner;

    protected NotificationsApiFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>Extra services for the fixture's host.</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    [OneTimeSetUp]
    public async Task StartFixtureHostAsync()
    {
        await BeforeHostStartsAsync();
        StartHost();
    }

    /// <summary>For fixtures whose host settings depend on something started first (an SMTP server, say).</summary>
    protected virtual Task BeforeHostStartsAsync() => Task.CompletedTask;

    protected void StartHost()
    {
        Factory = new NotificationsApiFactory(Settings, ConfigureServices);
        Factory.StartServer();
        Client = Factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }

    [SetUp]
    public async Task ResetDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["notifications"],
            TablesToIgnore = ["__EFMigrationsHistory"],
        });
        // The host keeps working between tests (completing orders writes feed entries in the same statement): the
        // reset's DELETEs can deadlock with it, and PostgreSQL then aborts one side. Emptying the tables again is safe.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _respawner.ResetAsync(connection);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                // Backs off so the host's statement that won the deadlock can commit first.
                await Task.Delay(50 * attempt);
            }
        }
    }

    protected static HttpRequestMessage Request(HttpMethod method, string url, string? bearer = null, string? platformToken = null, object? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (platformToken is not null)
        {
            request.Headers.Add("PlatformAccessToken", platformToken);
        }

        if (json is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return request;
    }

    protected Task<HttpResponseMessage> PostOrderAsync(object body, string? org = "ttd", string? idempotencyKey = null)
    {
        var request = Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(org), json: body);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Client.SendAsync(request);
    }

    protected Task<HttpResponseMessage> GetAsync(string url, string? org = "ttd") =>
        Client.SendAsync(Request(HttpMethod.Get, url, TestTokens.Bearer(org)));

    protected static async Task<JsonNode> JsonOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    protected static object EmailOrder(string email = "user@example.com", string? sendersReference = null, DateTimeOffset? sendTime = null) => new
    {
        subject = "Hello",
        body = "A message.",
        sendersReference,
        requestedSendTime = sendTime,
        recipients = new[] { new { emailAddress = email } },
    };

    protected static string Serialize(object value) => JsonSerializer.Serialize(value);

    protected async Task<string> OrderStatusAsync(Guid orderId) =>
        (await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/status")))["processingStatus"]!["status"]!.GetValue<string>();

    protected static Task<T> ScalarAsync<T>(string sql, params object[] parameters) =>
        ThrowawayDatabase.ScalarAsync<T>(TestDatabase.ConnectionString, sql, parameters);

    protected static Task ExecuteAsync(string sql, params object[] parameters) =>
        ThrowawayDatabase.ExecuteAsync(TestDatabase.ConnectionString, sql, parameters);

    /// <summary>Polls <paramref name="condition"/> every 50 ms; fails the test after <paramref name="timeoutSeconds"/>.</summary>
    protected internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int timeoutSeconds, Func<string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(timeoutSeconds))
            {
                Assert.Fail($"Timed out after {timeoutSeconds} s: {describe?.Invoke()}");
            }

            // The poll interval: often enough that a wait ends soon after its condition holds, seldom enough to cost little.
            await Task.Delay(50);
        }
    }
}
