using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using Notifications.Testing.Database;

namespace Notifications.Persistence.Tests;

/// <summary>
/// Persistence's services for the fixture (no host, nothing running in the background), so only the test touches the
/// tables; the database is emptied before each test (migrations history kept).
/// </summary>
public abstract class PersistenceTestBase
{
    private static Respawner? _respawner;

    private ServiceProvider _services = null!;

    [OneTimeSetUp]
    public void BuildServices() => _services = TestDatabase.BuildServices();

    [OneTimeTearDown]
    public async Task DisposeServicesAsync() => await _services.DisposeAsync();

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
        await _respawner.ResetAsync(connection);
    }

    /// <summary>Runs <paramref name="action"/> on a store resolved in a fresh scope, as a handler would get it.</summary>
    protected async Task<T> WithStoreAsync<TStore, T>(Func<TStore, Task<T>> action)
        where TStore : notnull
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TStore>());
    }

    protected static Task<T> ScalarAsync<T>(string sql, params object[] parameters) =>
        ThrowawayDatabase.ScalarAsync<T>(TestDatabase.ConnectionString, sql, parameters);

    protected static Task ExecuteAsync(string sql, params object[] parameters) =>
        ThrowawayDatabase.ExecuteAsync(TestDatabase.ConnectionString, sql, parameters);
}
