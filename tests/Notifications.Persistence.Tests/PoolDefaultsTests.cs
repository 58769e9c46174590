using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Notifications.Testing.Database;

namespace Notifications.Persistence.Tests;

/// <summary>
/// The shared data source prepares repeated statements and returns connections without a session reset, unless the
/// connection string says otherwise.
/// </summary>
public sealed class PoolDefaultsTests
{
    [Test]
    public void WithPoolDefaults_WhenTheStringIsSilent_PreparesAfterTwoUsesAndSkipsTheReset()
    {
        var builder = new NpgsqlConnectionStringBuilder(Notifications.Persistence.DependencyInjection.WithPoolDefaults("Host=db;Username=u;Password=p"));

        Assert.That(builder.MaxAutoPrepare, Is.EqualTo(64));
        Assert.That(builder.AutoPrepareMinUsages, Is.EqualTo(2));
        Assert.That(builder.NoResetOnClose, Is.True);
        Assert.That(builder.Password, Is.EqualTo("p"));
    }

    [TestCase("Host=db;Max Auto Prepare=0")]
    [TestCase("Host=db;MaxAutoPrepare=0")]
    [TestCase("Host=db;max auto prepare=0")]
    public void WithPoolDefaults_WhenTheStringSetsMaxAutoPrepare_KeepsTheStringsChoice(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(Notifications.Persistence.DependencyInjection.WithPoolDefaults(connectionString));

        Assert.That(builder.MaxAutoPrepare, Is.Zero);
    }

    [TestCase("Host=db;No Reset On Close=false")]
    [TestCase("Host=db;NoResetOnClose=false")]
    public void WithPoolDefaults_WhenTheStringSetsNoResetOnClose_KeepsTheStringsChoice(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(Notifications.Persistence.DependencyInjection.WithPoolDefaults(connectionString));

        Assert.That(builder.NoResetOnClose, Is.False);
    }

    [TestCase(null, "changed")]
    [TestCase("No Reset On Close=false", "")]
    public async Task PooledConnection_AfterClose_KeepsItsSessionUnlessTheStringAsksForTheReset(string? setting, string expected)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(
            Notifications.Persistence.DependencyInjection.WithPoolDefaults(setting is null ? connectionString : $"{connectionString};{setting}"));
        await using (var first = await dataSource.OpenConnectionAsync())
        {
            await using var set = new NpgsqlCommand("SET application_name = 'changed'", first);
            await set.ExecuteNonQueryAsync();
        }

        await using var second = await dataSource.OpenConnectionAsync();
        await using var read = new NpgsqlCommand("SELECT current_setting('application_name')", second);

        Assert.That(await read.ExecuteScalarAsync(), Is.EqualTo(expected));
    }

    [Test]
    public async Task SharedDataSource_RunningAStatementTwice_PreparesItOnTheServer()
    {
        await using var services = TestDatabase.BuildServices();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < 3; i++)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM notifications.orders WHERE creator = $1", connection)
            {
                Parameters = { new() { Value = "nobody" } },
            };
            await command.ExecuteScalarAsync();
        }

        await using var prepared = new NpgsqlCommand(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM notifications.orders WHERE creator = $1%'", connection);
        Assert.That(await prepared.ExecuteScalarAsync(), Is.EqualTo(1L));
    }
}
