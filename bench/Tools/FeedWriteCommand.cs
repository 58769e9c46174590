using System.Diagnostics;
using Npgsql;

namespace Notifications.Bench;

/// <summary>
/// Writes <c>--count</c> status feed entries for creator ttd at <c>--rate</c> per second, as the completing statements
/// write them (unnumbered; the service numbers them), in batches every 20 ms: shipments becoming final at a steady rate.
/// </summary>
internal static class FeedWriteCommand
{
    public static async Task<int> RunAsync(Options options)
    {
        var count = options.Int("count");
        var rate = options.Double("rate");
        await using var dataSource = NpgsqlDataSource.Create(options.Text("connection"));
        var clock = Stopwatch.StartNew();
        var written = 0;
        while (written < count)
        {
            var due = (int)Math.Min(count, clock.Elapsed.TotalSeconds * rate);
            if (due > written)
            {
                await using var command = dataSource.CreateCommand("""
                    INSERT INTO notifications.status_feed (order_id, creator, created, entry)
                    SELECT gen_random_uuid(), 'ttd', clock_timestamp(), json_build_object(
                        'shipmentId', gen_random_uuid(), 'sendersReference', 'bench-' || i, 'shipmentType', 'Notification',
                        'status', 'Order_Completed', 'lastUpdate', clock_timestamp(),
                        'recipients', json_build_array(json_build_object('destination', 'r' || i || '@example.com',
                                                                         'status', 'Email_Succeeded', 'lastUpdate', clock_timestamp())))
                    FROM generate_series($1, $2) AS i
                    """);
                command.Parameters.Add(new() { Value = written + 1 });
                command.Parameters.Add(new() { Value = due });
                await command.ExecuteNonQueryAsync();
                written = due;
            }

            await Task.Delay(20);
        }

        return 0;
    }
}
