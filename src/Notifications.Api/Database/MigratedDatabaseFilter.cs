using Microsoft.AspNetCore.Mvc.Filters;
using Notifications.Persistence.Availability;

namespace Notifications.Api.Database;

/// <summary>
/// Every controller action reads or writes the database: until this host's migrations are applied they answer 503
/// (through <see cref="DatabaseUnavailableExceptionHandler"/>) rather than query a schema that may not exist.
/// Health, metrics and the API description do not pass through here.
/// </summary>
public sealed class MigratedDatabaseFilter(DatabaseReadiness readiness) : IAsyncResourceFilter
{
    public Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next) =>
        readiness.IsMigrated
            ? next()
            : throw new DatabaseUnavailableException("The database is not migrated yet.");
}
