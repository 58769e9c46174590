using System.Globalization;
using Notifications.Core.Statistics;

namespace Notifications.Persistence;

/// <summary>
/// Reads and folds the statistics aggregates (docs/statistics.md). Statement-level triggers on <c>orders</c> and
/// <c>email_notifications</c> (the Statistics migration) append grouped changes to <c>statistics_deltas</c> in the
/// writer's own transaction, whichever statement made the change; <see cref="FoldAsync"/> moves them into
/// <c>statistics</c>, one row per (creator, hour, metric), and <c>statistics_daily</c>, one per (creator, day, metric),
/// a bucket's send-delay histogram being one row (metric <c>delay</c>, the counts in the <c>bigint[]</c> <c>delays</c>).
/// A delta is deleted and added in one transaction, so it is counted exactly once, and a read adds the deltas not yet
/// folded in the same statement (one snapshot): answers are exact and current without the writers ever updating a
/// shared row.
/// </summary>
internal sealed class StatisticsStore(NpgsqlDataSource dataSource) : IStatisticsStore
{
    /// <summary>The advisory lock key of the folder ("statfold" as a number).</summary>
    private const long FolderLock = 0x73746174666f6c64;

    /// <summary>Metric names as the triggers write them.</summary>
    private const string OrdersMetric = "orders", EmailPrefix = "email:", DelayPrefix = "delay:";

    /// <summary>The aggregates' one row per bucket of send delays: the histogram in <c>delays</c> (element k + 1 = bucket k), <c>n</c> its sum.</summary>
    private const string HistogramMetric = "delay";

    private const string BacklogMetrics = "'" + EmailPrefix + nameof(EmailNotificationStatus.New) + "', '" + EmailPrefix + nameof(EmailNotificationStatus.Sending) + "'";

    public async Task<IReadOnlyList<StatisticsCount>> ReadAsync(
        string creator, DateTimeOffset start, DateTimeOffset until, StatisticsGrouping grouping, CancellationToken cancellationToken)
    {
        // By day, the daily table; by hour, the hourly one; its rows are unique per bucket and metric already, so they
        // are not grouped again (the caller adds counts up). A bucket's send delays are one row (metric "delay") holding
        // the histogram as an array. The deltas not yet folded ("delay:k" rows) are added, grouped by bucket.
        var (table, time) = grouping == StatisticsGrouping.Day ? ("statistics_daily", "day") : ("statistics", "hour");
        await using var command = dataSource.CreateCommand($"""
            SELECT {time}, metric, n, delays FROM notifications.{table} WHERE creator = $1 AND {time} >= $2 AND {time} < $3 AND n <> 0
            UNION ALL
            SELECT date_trunc($4, hour, 'UTC'), metric, sum(n)::bigint, NULL FROM notifications.statistics_deltas
            WHERE creator = $1 AND hour >= $2 AND hour < $3
            GROUP BY 1, 2
            """);
        command.Parameters.Add(new() { Value = creator });
        command.Parameters.Add(new() { Value = start });
        command.Parameters.Add(new() { Value = until });
        command.Parameters.Add(new() { Value = grouping == StatisticsGrouping.Day ? "day" : "hour" });
        var counts = new List<StatisticsCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var bucketStart = reader.GetFieldValue<DateTimeOffset>(0);
            var name = reader.GetString(1);
            if (name == HistogramMetric)
            {
                var delays = reader.IsDBNull(3) ? [] : reader.GetFieldValue<long[]>(3);
                for (var bucket = 0; bucket < delays.Length; bucket++)
                {
                    if (delays[bucket] != 0)
                    {
                        counts.Add(new StatisticsCount(bucketStart, StatisticsMetric.SendDelay, bucket, delays[bucket]));
                    }
                }
            }
            else if (ParseMetric(name) is { } metric)
            {
                counts.Add(new StatisticsCount(bucketStart, metric.Metric, metric.Key, reader.GetInt64(2)));
            }
        }

        return counts;
    }

    public async Task<EmailBacklog> ReadBacklogAsync(string creator, CancellationToken cancellationToken)
    {
        // Rows of hours whose backlog has gone are 0 and out of the partial index, so this reads only hours with a backlog.
        await using var command = dataSource.CreateCommand($"""
            SELECT coalesce(sum(n) FILTER (WHERE metric = '{EmailPrefix}{nameof(EmailNotificationStatus.New)}'), 0)::bigint,
                   coalesce(sum(n) FILTER (WHERE metric = '{EmailPrefix}{nameof(EmailNotificationStatus.Sending)}'), 0)::bigint
            FROM (SELECT metric, n FROM notifications.statistics WHERE creator = $1 AND metric IN ({BacklogMetrics}) AND n <> 0
                  UNION ALL
                  SELECT metric, n FROM notifications.statistics_deltas WHERE creator = $1 AND metric IN ({BacklogMetrics})) r
            """);
        command.Parameters.Add(new() { Value = creator });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new EmailBacklog(reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<ScheduledOrders> ReadScheduledAsync(string creator, CancellationToken cancellationToken)
    {
        // An index-only scan of the partial index the order claims use (ix_orders_registered_by_creator: creator, due_at
        // of Registered orders), so it reads only the creator's waiting orders, however long their history.
        await using var command = dataSource.CreateCommand($"""
            SELECT count(*), min(due_at) FROM notifications.orders WHERE creator = $1 AND processing_status = {StatusSql.Registered}
            """);
        command.Parameters.Add(new() { Value = creator });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ScheduledOrders(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    public async Task<int> FoldAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new() { Value = FolderLock });
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }
        }

        // The lock only saves work: two folds at once would still count each delta once, as a delta row can be deleted
        // by one transaction only, and the fold that deletes it adds it in the same transaction.
        await using var fold = new NpgsqlCommand($"""
            WITH moved AS (
                DELETE FROM notifications.statistics_deltas
                WHERE ctid = ANY (ARRAY(SELECT ctid FROM notifications.statistics_deltas LIMIT $1))
                RETURNING creator, hour, metric, n),
            counts AS (
                SELECT creator, hour, metric, sum(n) AS n, NULL::bigint[] AS delays
                FROM moved WHERE metric NOT LIKE '{DelayPrefix}%' GROUP BY creator, hour, metric
                UNION ALL
                SELECT creator, hour, '{HistogramMetric}', sum(n), notifications.statistics_histogram(bucket, n)
                FROM (SELECT creator, hour, substr(metric, {DelayPrefix.Length + 1})::integer AS bucket, sum(n)::bigint AS n
                      FROM moved WHERE metric LIKE '{DelayPrefix}%' GROUP BY 1, 2, 3) per_bucket
                GROUP BY creator, hour),
            hourly AS (
                INSERT INTO notifications.statistics AS s (creator, hour, metric, n, delays)
                SELECT creator, hour, metric, n, delays FROM counts
                ON CONFLICT (creator, hour, metric)
                DO UPDATE SET n = s.n + excluded.n, delays = notifications.statistics_histogram_add(s.delays, excluded.delays)),
            daily AS (
                INSERT INTO notifications.statistics_daily AS s (creator, day, metric, n, delays)
                SELECT creator, date_trunc('day', hour, 'UTC'), metric, sum(n), notifications.statistics_histogram_sum(delays)
                FROM counts GROUP BY 1, 2, 3
                ON CONFLICT (creator, day, metric)
                DO UPDATE SET n = s.n + excluded.n, delays = notifications.statistics_histogram_add(s.delays, excluded.delays))
            SELECT count(*)::int FROM moved
            """, connection, transaction);
        fold.Parameters.Add(new() { Value = limit });
        var folded = (int)(await fold.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return folded;
    }

    private static (StatisticsMetric Metric, int Key)? ParseMetric(string metric)
    {
        if (metric == OrdersMetric)
        {
            return (StatisticsMetric.Orders, 0);
        }

        if (metric.StartsWith(EmailPrefix, StringComparison.Ordinal)
            && Enum.TryParse<EmailNotificationStatus>(metric[EmailPrefix.Length..], out var status) && Enum.IsDefined(status))
        {
            return (StatisticsMetric.Emails, (int)status);
        }

        return metric.StartsWith(DelayPrefix, StringComparison.Ordinal)
            && int.TryParse(metric[DelayPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var bucket)
            ? (StatisticsMetric.SendDelay, bucket)
            : null;
    }
}
