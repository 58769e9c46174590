using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing.Database;

namespace Notifications.Persistence.Tests;

/// <summary>One database for this test run (<see cref="ThrowawayDatabase"/>), migrated once with the real migrations.</summary>
[SetUpFixture]
public sealed class TestDatabase
{
    private static ThrowawayDatabase? _database;

    public static string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The test database is not set up.");

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
        _database = await ThrowawayDatabase.CreateAsync();
        await using var services = BuildServices();
        await services.MigrateDatabaseAsync();
    }

    [OneTimeTearDown]
    public async Task DropAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
