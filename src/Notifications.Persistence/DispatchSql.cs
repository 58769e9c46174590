namespace Notifications.Persistence;

/// <summary>SQL fragments shared by more than one store, so each is written once.</summary>
internal static class DispatchSql
{
    /// <summary>
    /// A fair claim of at most <c>$1</c> rows of a queue, as one statement: each queued creator's due rows are ranked
    /// (<paramref name="rankBy"/>) and locked with <c>FOR UPDATE SKIP LOCKED</c>, the claim takes the first of every
    /// creator, then the second, ..., and the claimed rows (alias <c>t</c>) are updated with <paramref name="set"/>.
    /// <paramref name="join"/> adds tables to the update (as <c>, table alias</c>) and <paramref name="joinOn"/> their
    /// conditions (as <c>AND ...</c>), for columns <paramref name="returning"/> reads from them.
    /// </summary>
    public static string FairClaim(string table, string queued, string due, string rankBy, string set, string returning, string join = "", string joinOn = "") => $"""
        WITH RECURSIVE {QueueCreators(table, queued)}, {Shares},
        picked AS (
            SELECT p.* FROM creators c
            CROSS JOIN LATERAL (
                SELECT q.id, q.creator, q.{rankBy} AS rank_at FROM notifications.{table} q
                WHERE {queued} AND q.creator = c.creator AND {due}
                ORDER BY q.{rankBy}
                LIMIT (SELECT share FROM shares)
                FOR UPDATE SKIP LOCKED) p
            WHERE c.creator IS NOT NULL),
        claimed AS (
            SELECT id FROM picked
            ORDER BY row_number() OVER (PARTITION BY creator ORDER BY rank_at), rank_at
            LIMIT $1)
        UPDATE notifications.{table} t
        SET {set}
        FROM claimed{join}
        WHERE t.id = claimed.id{joinOn}
        RETURNING {returning}
        """;

    /// <summary>The earliest <paramref name="rankBy"/> of a queue's rows passing <paramref name="filter"/>: each creator's earliest, read from the per-creator index.</summary>
    public static string EarliestQueued(string table, string queued, string rankBy, string filter = "TRUE") => $"""
        WITH RECURSIVE {QueueCreators(table, queued)}
        SELECT min(first.{rankBy}) FROM creators c
        CROSS JOIN LATERAL (
            SELECT q.{rankBy} FROM notifications.{table} q
            WHERE {queued} AND q.creator = c.creator AND {filter}
            ORDER BY q.{rankBy} LIMIT 1) first
        """;

    /// <summary>
    /// Every creator with rows in a queue (<paramref name="queued"/> names them), found with a loose index scan over the
    /// queue's per-creator index (one probe per creator), so a claim can take from each in turn: one creator's backlog
    /// never holds another creator's work back.
    /// </summary>
    public static string QueueCreators(string table, string queued) => $"""
        creators AS (
            (SELECT creator FROM notifications.{table} WHERE {queued} ORDER BY creator LIMIT 1)
            UNION ALL
            SELECT (SELECT q.creator FROM notifications.{table} q WHERE {queued} AND q.creator > c.creator ORDER BY q.creator LIMIT 1)
            FROM creators c WHERE c.creator IS NOT NULL)
        """;

    /// <summary>
    /// Each creator's share of a claim of <c>$1</c>: an equal part, so a claim locks little more than it takes (rows it
    /// locks but does not take are skipped by concurrent claims until it commits). A claim is underfilled only when some
    /// creator has less due than its share; the next claim takes more.
    /// </summary>
    public const string Shares = """
        shares AS (SELECT ceil($1::numeric / greatest(count(creator), 1))::int AS share FROM creators)
        """;

    /// <summary>
    /// Applies, for the message ids in <c>$1</c>, the newest stored report with a status to the email sent under that id,
    /// unless a report at least as new was applied already (<c>$2</c> is the status change time). Used when reports
    /// arrive and when a send result brings the operation id a report was waiting for. <c>$1</c> is
    /// <see cref="MessageIds"/>: one id is compared with <c>=</c>, because for <c>= ANY($1)</c> PostgreSQL's generic plan
    /// assumes ten ids, loses to the custom plan, and the statement is planned again on every call (0.4 ms of the
    /// database's time per instant email).
    /// </summary>
    public static string ApplyReports(int messageIds) => $"""
        WITH latest AS (
            SELECT DISTINCT ON (message_id) message_id, mapped_status, delivery_attempt_at
            FROM notifications.delivery_reports
            WHERE message_id {(messageIds == 1 ? "= $1" : "= ANY($1)")} AND mapped_status IS NOT NULL
            ORDER BY message_id, delivery_attempt_at DESC)
        UPDATE notifications.email_notifications e
        SET status = latest.mapped_status, status_changed = $2, delivery_report_at = latest.delivery_attempt_at,
            claim_token = NULL, lease_expires_at = NULL
        FROM latest
        WHERE e.operation_id = latest.message_id
          AND (e.delivery_report_at IS NULL OR latest.delivery_attempt_at > e.delivery_report_at)
        RETURNING e.order_id
        """;

    /// <summary>The <c>$1</c> of <see cref="ApplyReports"/>: the id itself when there is one, else the array.</summary>
    public static NpgsqlParameter MessageIds(IReadOnlyList<string> messageIds) =>
        messageIds.Count == 1 ? new() { Value = messageIds[0] } : new() { Value = messageIds.ToArray() };
}
