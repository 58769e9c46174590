using System.Text.Json;
using Notifications.Persistence.Configurations;

namespace Notifications.Persistence;

/// <summary>
/// The status feed's numbering and reading (docs/status-feed.md). Entries are written unnumbered by the statements that
/// make shipments final (<see cref="FeedSql"/>); here one transaction at a time, across all hosts (an advisory lock),
/// gives them numbers from a sequence. Every number a sequencer hands out is above every number handed out by the
/// sequencers before it, which all committed before it took the lock; readers see numbered entries only. So once a
/// reader has seen number N, no entry with a number below N can appear later: a reader that follows its cursor never
/// skips one, however many hosts complete shipments at once and however long their transactions take.
/// </summary>
internal sealed class StatusFeed(NpgsqlDataSource dataSource) : IStatusFeed
{
    /// <summary>The advisory lock key of the sequencer ("feedseq" as a number).</summary>
    private const long SequencerLock = 0x6665656473657100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<int> SequenceAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new() { Value = SequencerLock });
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }
        }

        await using var number = new NpgsqlCommand($"""
            UPDATE notifications.status_feed f SET sequence_number = n.seq
            FROM (SELECT order_id, nextval('notifications.{StatusFeedConfiguration.Sequence}') AS seq
                  FROM (SELECT order_id FROM notifications.status_feed WHERE sequence_number IS NULL
                        ORDER BY created, order_id LIMIT $1) unnumbered) n
            WHERE f.order_id = n.order_id
            """, connection, transaction);
        number.Parameters.Add(new() { Value = limit });
        var numbered = await number.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return numbered;
    }

    public async Task<IReadOnlyList<FeedEntry>> ReadAsync(string creator, long sequenceNumber, int pageSize, bool ascending, CancellationToken cancellationToken)
    {
        var range = ascending ? "sequence_number > $2 ORDER BY sequence_number"
            : "($2 = 0 OR sequence_number < $2) ORDER BY sequence_number DESC";
        await using var command = dataSource.CreateCommand($"""
            SELECT sequence_number, entry FROM notifications.status_feed
            WHERE creator = $1 AND sequence_number IS NOT NULL AND {range}
            LIMIT $3
            """);
        command.Parameters.Add(new() { Value = creator });
        command.Parameters.Add(new() { Value = sequenceNumber });
        command.Parameters.Add(new() { Value = pageSize });
        var entries = new List<FeedEntry>(pageSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = JsonSerializer.Deserialize<StoredEntry>(reader.GetString(1), Json)!;
            entries.Add(new FeedEntry(
                reader.GetInt64(0), stored.ShipmentId, stored.SendersReference, stored.ShipmentType, stored.Status, stored.LastUpdate,
                stored.Recipients ?? []));
        }

        return entries;
    }

    /// <summary>The entry's JSON as <see cref="FeedSql"/> writes it.</summary>
    private sealed record StoredEntry(
        Guid ShipmentId, string? SendersReference, string ShipmentType, string Status, DateTimeOffset LastUpdate, List<FeedRecipient>? Recipients);
}
