using Npgsql;

namespace Notifications.Testing.Database;

/// <summary>
/// A PostgreSQL database of its own for one test run, created on the throwaway server that <c>./test.sh</c> starts
/// (<c>NOTIFICATIONS_TEST_POSTGRES</c>) and dropped with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    public const string ServerVariable = "NOTIFICATIONS_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly string _name;

    private ThrowawayDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable)
            ?? throw new InvalidOperationException(
                $"{ServerVariable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL.");
        var name = $"notifications_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new ThrowawayDatabase(server, name);
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, with positional parameters ($1, $2, ...).</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
