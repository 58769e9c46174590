namespace Notifications.Persistence;

/// <summary>
/// The shared 429 pause and the shared per-minute send budget, one row per provider: the row lock serialises the hosts.
/// </summary>
internal sealed class ProviderGate(NpgsqlDataSource dataSource) : IProviderGate
{
    public async Task<DateTimeOffset?> GetPausedUntilAsync(string provider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT paused_until FROM notifications.provider_throttles WHERE provider = $1 AND paused_until > $2");
        command.Parameters.Add(new() { Value = provider });
        command.Parameters.Add(new() { Value = now });
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime until ? new DateTimeOffset(until, TimeSpan.Zero) : null;
    }

    public async Task PauseProviderAsync(string provider, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO notifications.provider_throttles (provider, paused_until) VALUES ($1, $2)
            ON CONFLICT (provider) DO UPDATE SET paused_until = greatest(provider_throttles.paused_until, excluded.paused_until)
            """);
        command.Parameters.Add(new() { Value = provider });
        command.Parameters.Add(new() { Value = until });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(int Granted, DateTimeOffset? NextWindow)> ReserveSendBudgetAsync(
        string provider, int perMinute, int wanted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO notifications.send_budgets (provider, window_start, used) VALUES ($1, $2, 0) ON CONFLICT (provider) DO NOTHING
            """) { Parameters = { new() { Value = provider }, new() { Value = now } } });
        // The row lock serialises hosts; a window older than a minute starts afresh.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            WITH current AS (
                SELECT CASE WHEN window_start + interval '1 minute' <= $2 THEN $2 ELSE window_start END AS window_start,
                       CASE WHEN window_start + interval '1 minute' <= $2 THEN 0 ELSE used END AS used
                FROM notifications.send_budgets WHERE provider = $1 FOR UPDATE)
            UPDATE notifications.send_budgets b
            SET window_start = current.window_start, used = current.used + least($4, greatest($3 - current.used, 0))
            FROM current WHERE b.provider = $1
            RETURNING least($4, greatest($3 - current.used, 0)), current.window_start + interval '1 minute'
            """)
        {
            Parameters = { new() { Value = provider }, new() { Value = now }, new() { Value = perMinute }, new() { Value = wanted } },
        });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var granted = reader.GetInt32(0);
        var nextWindow = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
        return (granted, granted == 0 ? nextWindow : null);
    }
}
