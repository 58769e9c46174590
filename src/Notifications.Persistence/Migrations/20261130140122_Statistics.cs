using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Persistence.Migrations
{
    /// <summary>
    /// The statistics aggregates (docs/statistics.md): statement-level triggers append grouped changes of orders and
    /// emails to statistics_deltas; StatisticsStore folds them into statistics (per hour) and statistics_daily. The status literals are the domain's
    /// (Succeeded and Delivered are EmailNotificationStatusExtensions.IsSucceeded; StatisticsTriggerTests pins them),
    /// and statistics_delay_bucket is DelayHistogram.BucketOf (pinned by the same tests).
    /// </summary>
    public partial class Statistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE notifications.statistics (
                    creator text NOT NULL,
                    hour timestamp with time zone NOT NULL,
                    metric text NOT NULL,
                    n bigint NOT NULL,
                    CONSTRAINT pk_statistics PRIMARY KEY (creator, hour, metric));
                CREATE INDEX ix_statistics_backlog ON notifications.statistics (creator)
                    WHERE metric IN ('email:New', 'email:Sending') AND n <> 0;
                -- The same counts per UTC day, folded alongside: a 30-day answer by day reads 24 times fewer rows.
                CREATE TABLE notifications.statistics_daily (
                    creator text NOT NULL,
                    day timestamp with time zone NOT NULL,
                    metric text NOT NULL,
                    n bigint NOT NULL,
                    CONSTRAINT pk_statistics_daily PRIMARY KEY (creator, day, metric));

                -- No index, no key: appended to by every writer, read whole by the folder, kept small by it.
                CREATE TABLE notifications.statistics_deltas (
                    creator text NOT NULL,
                    hour timestamp with time zone NOT NULL,
                    metric text NOT NULL,
                    n bigint NOT NULL);

                CREATE FUNCTION notifications.statistics_delay_bucket(delay interval) RETURNS integer
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT CASE WHEN ms < 1 THEN 0 ELSE least(128, floor(4 * ln(ms) / ln(2))::integer + 1) END
                    FROM (SELECT extract(epoch FROM delay)::double precision * 1000 AS ms) d
                $$;

                CREATE FUNCTION notifications.statistics_orders_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO notifications.statistics_deltas (creator, hour, metric, n)
                    SELECT creator, date_trunc('hour', requested_send_time, 'UTC'), 'orders', count(*)
                    FROM new_rows GROUP BY 1, 2;
                    RETURN NULL;
                END $$;

                -- An email counts once in its status, and once in the delay histogram when it is first accepted: an
                -- operation id recorded (ACS) or a succeeded status (Pickup, SMTP, an instant email).
                CREATE FUNCTION notifications.statistics_emails_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    WITH added AS (
                        SELECT order_id, status, status_changed,
                               operation_id IS NOT NULL OR status IN ('Succeeded', 'Delivered') AS accepted, count(*) AS emails
                        FROM new_rows GROUP BY 1, 2, 3, 4)
                    INSERT INTO notifications.statistics_deltas (creator, hour, metric, n)
                    SELECT o.creator, date_trunc('hour', o.requested_send_time, 'UTC'), m.metric, sum(m.n)
                    FROM added a JOIN notifications.orders o ON o.id = a.order_id
                    CROSS JOIN LATERAL (VALUES
                        ('email:' || a.status, a.emails),
                        (CASE WHEN a.accepted THEN 'delay:' || notifications.statistics_delay_bucket(a.status_changed - o.requested_send_time) END,
                         a.emails)) m(metric, n)
                    WHERE m.metric IS NOT NULL
                    GROUP BY 1, 2, 3;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION notifications.statistics_emails_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    WITH changed AS (
                        SELECT n.order_id, o.status AS old_status, n.status AS new_status, n.status_changed,
                               NOT (o.operation_id IS NOT NULL OR o.status IN ('Succeeded', 'Delivered'))
                                   AND (n.operation_id IS NOT NULL OR n.status IN ('Succeeded', 'Delivered')) AS accepted,
                               count(*) AS emails
                        FROM new_rows n JOIN old_rows o ON o.id = n.id
                        WHERE n.status <> o.status OR (n.operation_id IS NOT NULL AND o.operation_id IS NULL)
                        GROUP BY 1, 2, 3, 4, 5)
                    INSERT INTO notifications.statistics_deltas (creator, hour, metric, n)
                    SELECT o.creator, date_trunc('hour', o.requested_send_time, 'UTC'), m.metric, sum(m.n)
                    FROM changed c JOIN notifications.orders o ON o.id = c.order_id
                    CROSS JOIN LATERAL (VALUES
                        ('email:' || c.old_status, -c.emails),
                        ('email:' || c.new_status, c.emails),
                        (CASE WHEN c.accepted THEN 'delay:' || notifications.statistics_delay_bucket(c.status_changed - o.requested_send_time) END,
                         c.emails)) m(metric, n)
                    WHERE m.metric IS NOT NULL
                    GROUP BY 1, 2, 3 HAVING sum(m.n) <> 0;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER statistics_orders_inserted AFTER INSERT ON notifications.orders
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notifications.statistics_orders_inserted();
                CREATE TRIGGER statistics_emails_inserted AFTER INSERT ON notifications.email_notifications
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notifications.statistics_emails_inserted();
                CREATE TRIGGER statistics_emails_updated AFTER UPDATE ON notifications.email_notifications
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notifications.statistics_emails_updated();

                -- What was there before the triggers: counted once here, as the triggers would have. A send delay before
                -- now is measured to the status's last change, the best record there is of the acceptance.
                INSERT INTO notifications.statistics_deltas (creator, hour, metric, n)
                SELECT creator, date_trunc('hour', requested_send_time, 'UTC'), 'orders', count(*) FROM notifications.orders GROUP BY 1, 2;
                INSERT INTO notifications.statistics_deltas (creator, hour, metric, n)
                SELECT o.creator, date_trunc('hour', o.requested_send_time, 'UTC'), m.metric, count(*)
                FROM notifications.email_notifications e JOIN notifications.orders o ON o.id = e.order_id
                CROSS JOIN LATERAL (VALUES
                    ('email:' || e.status),
                    (CASE WHEN e.operation_id IS NOT NULL OR e.status IN ('Succeeded', 'Delivered')
                          THEN 'delay:' || notifications.statistics_delay_bucket(e.status_changed - o.requested_send_time) END)) m(metric)
                WHERE m.metric IS NOT NULL
                GROUP BY 1, 2, 3;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER statistics_emails_updated ON notifications.email_notifications;
                DROP TRIGGER statistics_emails_inserted ON notifications.email_notifications;
                DROP TRIGGER statistics_orders_inserted ON notifications.orders;
                DROP FUNCTION notifications.statistics_emails_updated();
                DROP FUNCTION notifications.statistics_emails_inserted();
                DROP FUNCTION notifications.statistics_orders_inserted();
                DROP FUNCTION notifications.statistics_delay_bucket(interval);
                DROP TABLE notifications.statistics_deltas;
                DROP TABLE notifications.statistics_daily;
                DROP TABLE notifications.statistics;
                """);
        }
    }
}
