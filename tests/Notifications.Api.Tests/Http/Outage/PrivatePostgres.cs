using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Notifications.Api.Tests.Http.Outage;

/// <summary>
/// A PostgreSQL cluster of the test's own, made with the same script and binaries as <c>./test.sh</c>'s
/// (<c>scripts/lib/postgres.sh</c>), so a test may stop and start it without touching the run's shared server.
/// Dispose stops it and deletes its directory.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"notifications-pg-{Guid.NewGuid():N}");

    private PrivatePostgres(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
        // Short limits: an outage should be noticed in seconds, not in the 15 s/30 s defaults.
        Timeout = 3,
        CommandTimeout = 10,
    }.ConnectionString;

    /// <summary>Creates the cluster on a free port; it is not running until <see cref="StartAsync"/>.</summary>
    public static async Task<PrivatePostgres> CreateAsync()
    {
        var postgres = new PrivatePostgres(FreePort());
        await postgres.ScriptAsync("pg_init_cluster \"$DIR\"");
        return postgres;
    }

    public Task StartAsync() => ScriptAsync("pg_start \"$DIR\" \"$PORT\"");

    /// <summary>Fast shutdown: open transactions are rolled back and every connection is cut.</summary>
    public Task StopAsync() => ScriptAsync("pg_stop \"$DIR\"");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task ScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"source \"$LIB\" && {command}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["LIB"] = Path.Combine(RepositoryRoot(), "scripts", "lib", "postgres.sh"),
                ["DIR"] = _directory,
                ["PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "lib", "postgres.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/lib/postgres.sh not found above the test directory.");
    }
}
