namespace Notifications.Persistence;

/// <summary>Counts unfinished emails; the partial index on New/Sending keeps this cheap however many are final.</summary>
internal sealed class BacklogReader(NpgsqlDataSource dataSource) : IBacklogReader
{
    public EmailBacklog ReadBacklog()
    {
        using var command = dataSource.CreateCommand($"""
            SELECT count(*) FILTER (WHERE status = {StatusSql.New}), count(*) FILTER (WHERE status = {StatusSql.Sending})
            FROM notifications.email_notifications WHERE status IN ({StatusSql.Unsent})
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new EmailBacklog(reader.GetInt64(0), reader.GetInt64(1));
    }
}
