using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Notifications.Persistence.Tests;

/// <summary>
/// One PostgreSQL database for this test run, created on the throwaway server that <c>./test.sh</c> starts
/// (<c>NOTIFICATIONS_TEST_POSTGRES</c>), migrated once with the real migrations and dropped at the end.
/// </summary>
[SetUpFixture]
public sealed class TestDatabase
{
    public const string ServerVariable = "NOTIFICATIONS_TEST_POSTGRES";

    private static string? _connectionString;
    private static string? _serverConnectionString;
    private static string? _name;

    public static string ConnectionString => _connectionString ?? throw new InvalidOperationException("The test database is not set up.");

    /// <summary>Persistence as a host registers it, against this run's database.</summary>
    public static ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Notifications"] = ConnectionString })
            .Build();
        return new ServiceCollection().AddLogging().AddPersistence(configuration).BuildServiceProvider();
    }

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _serverConnectionString = Environment.GetEnvironmentVariable(ServerVariable)
            ?? throw new InvalidOperationException(
                $"{ServerVariable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL.");
        _name = $"notifications_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_serverConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _name }.ConnectionString;
        await using var services = BuildServices();
        await services.MigrateDatabaseAsync();
    }

    [OneTimeTearDown]
    public async Task DropAsync()
    {
        if (_name is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
