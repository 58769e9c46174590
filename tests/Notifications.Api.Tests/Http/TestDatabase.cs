using Npgsql;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// One PostgreSQL database for this test run, created on the throwaway server that <c>./test.sh</c> starts
/// (<c>NOTIFICATIONS_TEST_POSTGRES</c>) and dropped at the end. The service's own start-up applies the migrations.
/// </summary>
[SetUpFixture]
public sealed class TestDatabase
{
    public const string ServerVariable = "NOTIFICATIONS_TEST_POSTGRES";

    private static string? _connectionString;
    private static string? _serverConnectionString;
    private static string? _name;

    public static string ConnectionString => _connectionString ?? throw new InvalidOperationException("The test database is not set up.");

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
