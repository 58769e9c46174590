using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Notifications.Testing.Database;

namespace Notifications.Persistence.Tests;

/// <summary>The shared data source prepares repeated statements unless the connection string says otherwise.</summary>
public sealed class PreparedStatementsTests
{
    [Test]
    public void WithAutoPrepare_WhenTheStringIsSilent_PreparesAfterTwoUses()
    {
        var builder = new NpgsqlConnectionStringBuilder(Notifications.Persistence.DependencyInjection.WithAutoPrepare("Host=db;Username=u;Password=p"));

        Assert.That(builder.MaxAutoPrepare, Is.EqualTo(64));
        Assert.That(builder.AutoPrepareMinUsages, Is.EqualTo(2));
        Assert.That(builder.Password, Is.EqualTo("p"));
    }

    [TestCase("Host=db;Max Auto Prepare=0")]
    [TestCase("Host=db;MaxAutoPrepare=0")]
    [TestCase("Host=db;max auto prepare=0")]
    public void WithAutoPrepare_WhenTheStringSetsIt_KeepsTheStringsChoice(string connectionString)
    {
        Assert.That(Notifications.Persistence.DependencyInjection.WithAutoPrepare(connectionString), Is.EqualTo(connectionString));
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
