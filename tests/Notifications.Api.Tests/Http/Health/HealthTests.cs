using System.Net;
using Npgsql;

namespace Notifications.Api.Tests.Http.Health;

/// <summary>
/// Probes against a host with its own database, so the database can be broken (a migration un-applied, the database
/// dropped) without disturbing other fixtures.
/// </summary>
public sealed class HealthTests : ApiTestBase
{
    private string _connectionString = "";
    private string _database = "";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ConnectionStrings:Notifications"] = _connectionString };

    protected override async Task BeforeHostStartsAsync()
    {
        _database = $"notifications_health_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE {_database}");
        _connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Database = _database, Timeout = 3 }.ConnectionString;
    }

    [OneTimeTearDown]
    public async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [Test, Order(1)]
    public async Task LiveAndReady_WithoutToken_AnswerHealthyAndNothingElse()
    {
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            using var response = await Client.GetAsync(path);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"), path);
        }
    }

    [Test, Order(2)]
    public async Task Ready_WithAMigrationNotApplied_Is503Unhealthy()
    {
        var (id, version) = await LatestMigrationAsync();
        await ExecuteAsync(@"DELETE FROM public.""__EFMigrationsHistory"" WHERE ""MigrationId"" = @id", ("id", id));
        try
        {
            using var response = await Client.GetAsync("/health/ready");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
        }
        finally
        {
            await ExecuteAsync(@"INSERT INTO public.""__EFMigrationsHistory"" VALUES (@id, @version)", ("id", id), ("version", version));
        }

        Assert.That((await Client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test, Order(3)]
    public async Task Ready_WhenTheDatabaseIsGone_Is503Unhealthy_WhileLiveStaysHealthy()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE {_database} WITH (FORCE)");

        using var ready = await Client.GetAsync("/health/ready");
        using var live = await Client.GetAsync("/health/live");

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await ready.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"), "no reasons or exception text in the body");
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<(string Id, string Version)> LatestMigrationAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            @"SELECT ""MigrationId"", ""ProductVersion"" FROM public.""__EFMigrationsHistory"" ORDER BY ""MigrationId"" DESC LIMIT 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        return (reader.GetString(0), reader.GetString(1));
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(Notifications.Testing.Database.ThrowawayDatabase.ServerVariable));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
