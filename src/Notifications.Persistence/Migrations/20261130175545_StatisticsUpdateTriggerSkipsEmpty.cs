using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Persistence.Migrations
{
    /// <summary>
    /// The email update trigger returns at once when the statement updated no row. Statement-level triggers fire for
    /// every UPDATE, including those that match nothing (an instant email's check for a delivery report that came
    /// first, claims that found nothing due), and the counting statement's executor start-up was most of their cost.
    /// </summary>
    public partial class StatisticsUpdateTriggerSkipsEmpty : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION notifications.statistics_emails_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- Most updates change no row a count depends on (a claim's lease, a report with nothing to apply), and many
                    -- change no row at all: the counting statement would still pay its plan's start-up.
                    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
                        RETURN NULL;
                    END IF;
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION notifications.statistics_emails_updated() RETURNS trigger LANGUAGE plpgsql AS $$
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
                """);
        }
    }
}
