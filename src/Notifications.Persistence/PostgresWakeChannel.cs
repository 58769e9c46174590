using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Notifications.Persistence;

/// <summary>
/// The <see cref="IClusterWakeChannel"/> on PostgreSQL <c>LISTEN</c>/<c>NOTIFY</c>. Never one NOTIFY per order inside the order's
/// transaction (a notifying commit takes a database-wide lock): <see cref="Publish"/> only marks a topic, and at most
/// one NOTIFY per topic is sent every <see cref="MinimumInterval"/> from a connection of its own.
/// The LISTEN connection comes from <paramref name="listenerSource"/> (<see cref="CreateListenerDataSource"/>), which
/// probes an idle connection, so a connection that died silently (a NAT or firewall dropping it) fails the wait and is
/// replaced; until then the jobs' fallback poll bounds the latency.
/// </summary>
public sealed class PostgresWakeChannel(
    NpgsqlDataSource dataSource,
    [FromKeyedServices(PostgresWakeChannel.ListenerKey)] NpgsqlDataSource listenerSource,
    ILogger<PostgresWakeChannel> logger) : BackgroundService, IClusterWakeChannel
{
    public const string Channel = "notifications_wake";
    public const string ListenerKey = "notifications-wake-listener";

    /// <summary>The listener's <c>application_name</c>, so operators (and tests) can find its backend.</summary>
    public const string ListenerApplicationName = "notifications-wake";

    /// <summary>Idle seconds before a keepalive query on the LISTEN connection; a dead connection is noticed within about this.</summary>
    public const int KeepAliveSeconds = 10;

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The LISTEN connection's own source: Npgsql's keepalive query (which also runs during <c>WaitAsync</c>) plus TCP
    /// keepalive, both far below the operating system's two-hour default.
    /// </summary>
    public static NpgsqlDataSource CreateListenerDataSource(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = ListenerApplicationName,
            KeepAlive = KeepAliveSeconds,
            TcpKeepAlive = true,
            TcpKeepAliveTime = KeepAliveSeconds,
            TcpKeepAliveInterval = 2,
        });

    private readonly string _hostId = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _published = new(0, 1);
    private long _earliestOrderDue = long.MaxValue;
    private int _emailsPending;

    /// <inheritdoc />
    public event Action<WakeTopic, DateTimeOffset>? Received;

    public void Publish(WakeTopic topic, DateTimeOffset dueAt)
    {
        if (topic == WakeTopic.Orders)
        {
            var ms = dueAt.ToUnixTimeMilliseconds();
            long current;
            while (ms < (current = Interlocked.Read(ref _earliestOrderDue))
                   && Interlocked.CompareExchange(ref _earliestOrderDue, ms, current) != current)
            {
            }
        }
        else
        {
            Interlocked.Exchange(ref _emailsPending, 1);
        }

        if (_published.CurrentCount == 0)
        {
            try
            {
                _published.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: coalesced.
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendLoopAsync(stoppingToken), ListenLoopAsync(stoppingToken));

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _published.WaitAsync(stoppingToken);
                var ordersDue = Interlocked.Exchange(ref _earliestOrderDue, long.MaxValue);
                var emails = Interlocked.Exchange(ref _emailsPending, 0) == 1;
                var payloads = new List<string>(2);
                if (ordersDue != long.MaxValue)
                {
                    payloads.Add($"{_hostId}|orders|{ordersDue}");
                }

                if (emails)
                {
                    payloads.Add($"{_hostId}|emails|0");
                }

                await using var command = dataSource.CreateCommand("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p");
                command.Parameters.Add(new() { Value = Channel });
                command.Parameters.Add(new() { Value = payloads.ToArray() });
                await command.ExecuteNonQueryAsync(stoppingToken);
                await Task.Delay(MinimumInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not notify other hosts; they will find the work at their next poll");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await listenerSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Lost the wake-up connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void OnNotification(string payload)
    {
        var parts = payload.Split('|');
        if (parts.Length != 3 || parts[0] == _hostId)
        {
            return;
        }

        var topic = parts[1] == "orders" ? WakeTopic.Orders : WakeTopic.Emails;
        var dueAt = topic == WakeTopic.Orders && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UtcNow;
        Received?.Invoke(topic, dueAt);
    }
}
