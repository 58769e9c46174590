using Notifications.Api.Errors;

namespace Notifications.Api.Database;

public static class DatabaseAvailabilitySetup
{
    /// <summary>Call before registering <see cref="ProblemDetailsExceptionHandler"/>: exception handlers run in order.</summary>
    public static IServiceCollection AddDatabaseAvailability(this IServiceCollection services)
    {
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.Add<MigratedDatabaseFilter>());
        return services;
    }
}
