using Notifications.Testing.Database;

namespace Notifications.Api.Tests.Http;

/// <summary>One database for this test run (<see cref="ThrowawayDatabase"/>); the service's own start-up migrates it.</summary>
[SetUpFixture]
public sealed class TestDatabase
{
    private static ThrowawayDatabase? _database;

    public static string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The test database is not set up.");

    [OneTimeSetUp]
    public async Task CreateAsync() => _database = await ThrowawayDatabase.CreateAsync();

    [OneTimeTearDown]
    public async Task DropAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
