namespace Notifications.Persistence;

/// <summary>
/// The status feed's entries, written by the same statement or transaction that makes shipments final (Completed,
/// SendConditionNotMet, Cancelled): an entry exists exactly when its shipment is final (docs/status-feed.md).
/// </summary>
internal static class FeedSql
{
    /// <summary>The email status as the future API names it (<see cref="ShipmentStatusNames"/>), from <c>e.status</c>.</summary>
    private static readonly string EmailStatusName =
        "CASE e.status " + string.Concat(ShipmentStatusNames.EmailRenames.Select(r => $"WHEN '{r.Key}' THEN '{r.Value}' ")) + "ELSE 'Email_' || e.status END";

    /// <summary>
    /// INSERTs the entries of the final shipments a query yields. <paramref name="shipments"/> is a FROM item aliased
    /// <c>s</c> with the columns <c>id, creator, senders_reference, type, processing_status, processing_status_changed</c>
    /// (a CTE, or a subquery: a data-modifying CTE's RETURNING gives the new values, which the statement itself cannot
    /// read back).
    /// The recipients are the shipment's emails as they are now.
    /// </summary>
    public static string InsertEntries(string shipments) => $"""
        INSERT INTO notifications.status_feed (order_id, creator, created, entry)
        SELECT s.id, s.creator, s.processing_status_changed, json_build_object(
            'shipmentId', s.id,
            'sendersReference', s.senders_reference,
            'shipmentType', s.type,
            'status', 'Order_' || s.processing_status,
            'lastUpdate', s.processing_status_changed,
            'recipients', COALESCE((
                SELECT json_agg(json_build_object(
                    'destination', COALESCE(e.email_address, ''), 'status', {EmailStatusName}, 'lastUpdate', e.status_changed) ORDER BY e.id)
                FROM notifications.email_notifications e WHERE e.order_id = s.id), '[]'::json))
        FROM {shipments}
        WHERE s.processing_status IN ({StatusSql.Completed}, {StatusSql.SendConditionNotMet}, {StatusSql.Cancelled})
        ON CONFLICT (order_id) DO NOTHING
        """;

    /// <summary>The entry of the order whose id is parameter <paramref name="orderIdParameter"/>, when it is final: for a transaction that wrote it.</summary>
    public static string InsertEntryOf(string orderIdParameter) =>
        InsertEntries($"(SELECT * FROM notifications.orders WHERE id = {orderIdParameter}) s");
}
