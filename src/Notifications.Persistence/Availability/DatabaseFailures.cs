using Microsoft.EntityFrameworkCore.Storage;

namespace Notifications.Persistence.Availability;

/// <summary>
/// Tells "the database is away" (worth a 503 and a retry) from a bug (a 500). EF Core wraps Npgsql's exceptions
/// (DbUpdateException, InvalidOperationException, RetryLimitExceededException), so the whole chain is inspected.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DatabaseUnavailableException or RetryLimitExceededException:
                    return true;
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState);
                // Npgsql's own (not the server's) errors are about the connection: refused, reset, pool exhausted, timeout.
                case NpgsqlException:
                    return true;
                // The pool and the connector throw bare TimeoutExceptions in some paths; only Npgsql's count.
                case TimeoutException when e.Source == typeof(NpgsqlConnection).Assembly.GetName().Name:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// SQLSTATEs that mean "not now" rather than "wrong request": class 08 (connection exception), 57P01–57P05
    /// (admin/crash shutdown, cannot connect now, database dropped, idle session timeout) and 53300 (too many
    /// connections). PostgreSQL's appendix A lists them.
    /// </summary>
    public static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("57P0", StringComparison.Ordinal)
        || sqlState == PostgresErrorCodes.TooManyConnections;
}
