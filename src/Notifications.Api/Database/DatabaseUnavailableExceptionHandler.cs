using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Notifications.Api.Errors;
using Notifications.Persistence.Availability;

namespace Notifications.Api.Database;

/// <summary>
/// A database that is away (refused, restarting, pool exhausted, timed out, not migrated yet) is a 503 with
/// <c>Retry-After</c>, never a 500: it can succeed later (docs/architecture.md#hardening). Runs before other handlers.
/// </summary>
public sealed class DatabaseUnavailableExceptionHandler(ProblemDetailsFactory problemDetailsFactory, ILogger<DatabaseUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseFailures.IsUnavailable(exception))
        {
            return false;
        }

        logger.LogUnavailable("The database", exception);
        var problem = problemDetailsFactory.CreateProblemDetails(
            httpContext,
            StatusCodes.Status503ServiceUnavailable,
            title: "The database is unavailable.",
            detail: "The service cannot reach its database right now. Retry the request later, preferably with an Idempotency-Key.");
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        await httpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }
}
