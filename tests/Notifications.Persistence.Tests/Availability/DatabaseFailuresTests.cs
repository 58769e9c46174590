using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Notifications.Persistence.Availability;
using Npgsql;

namespace Notifications.Persistence.Tests.Availability;

public sealed class DatabaseFailuresTests
{
    private static readonly object[] Unavailable =
    [
        new object[] { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111)) },
        new object[] { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()) },
        new object[] { "admin shutdown", Postgres("57P01") },
        new object[] { "cannot connect now", Postgres("57P03") },
        new object[] { "too many connections", Postgres("53300") },
        new object[] { "connection failure", Postgres("08006") },
        new object[] { "EF's wrapped save", new DbUpdateException("save failed", new NpgsqlException("reset")) },
        new object[] { "EF's transient wrapper", new InvalidOperationException("transient", new NpgsqlException("reset")) },
        new object[] { "EF's retries used up", new RetryLimitExceededException("retries", new NpgsqlException("reset")) },
        new object[] { "not migrated yet", new DatabaseUnavailableException("not migrated") },
    ];

    private static readonly object[] NotUnavailable =
    [
        new object[] { "undefined table", Postgres("42P01") },
        new object[] { "unique violation", new DbUpdateException("dup", Postgres("23505")) },
        new object[] { "a bug", new InvalidOperationException("Sequence contains no elements") },
        new object[] { "someone else's timeout", new TimeoutException("HTTP") },
    ];

    [TestCaseSource(nameof(Unavailable))]
    public void IsUnavailable_ForAnOutage_IsTrue(string name, Exception exception) =>
        Assert.That(DatabaseFailures.IsUnavailable(exception), Is.True, name);

    [TestCaseSource(nameof(NotUnavailable))]
    public void IsUnavailable_ForAnErrorRetryingCannotFix_IsFalse(string name, Exception exception) =>
        Assert.That(DatabaseFailures.IsUnavailable(exception), Is.False, name);

    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);
}
