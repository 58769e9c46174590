using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Persistence.Migrations
{
    /// <summary>
    /// The send-delay histogram of one (creator, hour) — or day — becomes one aggregate row (metric <c>delay</c>) holding
    /// the buckets as a <c>bigint[]</c> (element k + 1 = bucket k, <c>n</c> = their sum), instead of one row per bucket:
    /// a 30-day answer by hour reads about 720 histogram rows instead of about 36,000 (docs/statistics.md). The deltas
    /// and their triggers are unchanged (<c>delay:k</c> rows); the fold builds and adds the arrays. Existing rows are
    /// converted.
    /// </summary>
    public partial class StatisticsHistogramRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- Element-wise sum of two histograms; a NULL one is empty, a shorter one is padded with zeros.
                CREATE FUNCTION notifications.statistics_histogram_add(a bigint[], b bigint[]) RETURNS bigint[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a
                                ELSE ARRAY(SELECT coalesce(x, 0) + coalesce(y, 0) FROM unnest(a, b) WITH ORDINALITY u(x, y, i) ORDER BY i) END
                $$;
                -- A histogram with n more in bucket k (element k + 1).
                CREATE FUNCTION notifications.statistics_histogram_count(h bigint[], bucket integer, n bigint) RETURNS bigint[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT notifications.statistics_histogram_add(h, array_fill(0::bigint, ARRAY[bucket]) || n)
                $$;
                -- statistics_histogram(bucket, n): the histogram of (bucket, count) pairs; statistics_histogram_sum(h): the sum of histograms.
                CREATE AGGREGATE notifications.statistics_histogram(integer, bigint) (
                    SFUNC = notifications.statistics_histogram_count, STYPE = bigint[]);
                CREATE AGGREGATE notifications.statistics_histogram_sum(bigint[]) (
                    SFUNC = notifications.statistics_histogram_add, STYPE = bigint[]);

                ALTER TABLE notifications.statistics ADD COLUMN delays bigint[];
                ALTER TABLE notifications.statistics_daily ADD COLUMN delays bigint[];

                INSERT INTO notifications.statistics (creator, hour, metric, n, delays)
                SELECT creator, hour, 'delay', sum(n), notifications.statistics_histogram(substr(metric, 7)::integer, n)
                FROM notifications.statistics WHERE metric LIKE 'delay:%' GROUP BY 1, 2;
                DELETE FROM notifications.statistics WHERE metric LIKE 'delay:%';
                INSERT INTO notifications.statistics_daily (creator, day, metric, n, delays)
                SELECT creator, day, 'delay', sum(n), notifications.statistics_histogram(substr(metric, 7)::integer, n)
                FROM notifications.statistics_daily WHERE metric LIKE 'delay:%' GROUP BY 1, 2;
                DELETE FROM notifications.statistics_daily WHERE metric LIKE 'delay:%';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                INSERT INTO notifications.statistics (creator, hour, metric, n)
                SELECT s.creator, s.hour, 'delay:' || (u.i - 1), u.x
                FROM notifications.statistics s CROSS JOIN LATERAL unnest(s.delays) WITH ORDINALITY u(x, i)
                WHERE s.metric = 'delay' AND u.x <> 0;
                DELETE FROM notifications.statistics WHERE metric = 'delay';
                INSERT INTO notifications.statistics_daily (creator, day, metric, n)
                SELECT s.creator, s.day, 'delay:' || (u.i - 1), u.x
                FROM notifications.statistics_daily s CROSS JOIN LATERAL unnest(s.delays) WITH ORDINALITY u(x, i)
                WHERE s.metric = 'delay' AND u.x <> 0;
                DELETE FROM notifications.statistics_daily WHERE metric = 'delay';
                ALTER TABLE notifications.statistics DROP COLUMN delays;
                ALTER TABLE notifications.statistics_daily DROP COLUMN delays;
                DROP AGGREGATE notifications.statistics_histogram_sum(bigint[]);
                DROP AGGREGATE notifications.statistics_histogram(integer, bigint);
                DROP FUNCTION notifications.statistics_histogram_count(bigint[], integer, bigint);
                DROP FUNCTION notifications.statistics_histogram_add(bigint[], bigint[]);
                """);
        }
    }
}
