using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Core.Ports;
using Npgsql;

namespace Notifications.Persistence.Tests;

/// <summary>The wake-up channel: the LISTEN connection uses keepalive, and a lost connection is replaced.</summary>
public sealed class WakeChannelTests
{
    [Test]
    public void ListenerConnection_UsesKeepAliveQueriesAndTcpKeepAlive()
    {
        using var source = PostgresWakeChannel.CreateListenerDataSource(TestDatabase.ConnectionString);
        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString);

        Assert.That(settings.KeepAlive, Is.EqualTo(10));
        Assert.That(settings.TcpKeepAlive, Is.True);
        Assert.That(settings.TcpKeepAliveTime, Is.EqualTo(10));
    }

    [Test]
    public async Task Listener_WhoseBackendIsTerminated_ReconnectsAndStillHearsAnotherHostsNotify()
    {
        await using var shared = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        await using var listener = PostgresWakeChannel.CreateListenerDataSource(TestDatabase.ConnectionString);
        using var channel = new PostgresWakeChannel(shared, listener, NullLogger<PostgresWakeChannel>.Instance);
        var heard = new TaskCompletionSource<WakeTopic>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Received += (topic, _) => heard.TrySetResult(topic);
        await channel.StartAsync(CancellationToken.None);
        try
        {
            var first = await WaitForListenerAsync(shared, exceptPid: null);
            await using (var terminate = shared.CreateCommand("SELECT pg_terminate_backend($1)"))
            {
                terminate.Parameters.Add(new() { Value = first });
                await terminate.ExecuteNonQueryAsync();
            }

            var second = await WaitForListenerAsync(shared, exceptPid: first);
            Assert.That(second, Is.Not.EqualTo(first));

            await using (var notify = shared.CreateCommand($"SELECT pg_notify('{PostgresWakeChannel.Channel}', 'another-host|emails|0')"))
            {
                await notify.ExecuteNonQueryAsync();
            }

            Assert.That(await heard.Task.WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(WakeTopic.Emails));
        }
        finally
        {
            await channel.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The pid of the listener's backend once it is listening (and is not <paramref name="exceptPid"/>).</summary>
    private static async Task<int> WaitForListenerAsync(NpgsqlDataSource source, int? exceptPid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var command = source.CreateCommand("""
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = $1 AND query LIKE 'LISTEN%' AND pid <> $2
                """);
            command.Parameters.Add(new() { Value = PostgresWakeChannel.ListenerApplicationName });
            command.Parameters.Add(new() { Value = exceptPid ?? 0 });
            if (await command.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }

            await Task.Delay(100); // the poll interval while the listener (re)connects
        }

        Assert.Fail($"No listener backend (other than {exceptPid}) within 30 s");
        return 0;
    }
}
