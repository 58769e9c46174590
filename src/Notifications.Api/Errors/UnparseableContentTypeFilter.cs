using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Notifications.Api.Errors;

/// <summary>
/// A Content-Type ASP.NET Core's own parser cannot read is a 415 before model binding (docs/architecture.md#hardening):
/// the JSON reader's charset lookup throws <see cref="ArgumentOutOfRangeException"/> on a parameter without a value at
/// the end (<c>application/json; charset=</c>), which surfaced as a 500.
/// </summary>
public sealed class UnparseableContentTypeFilter(ProblemDetailsFactory problemDetailsFactory) : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var contentType = context.HttpContext.Request.ContentType;
        if (string.IsNullOrEmpty(contentType) || IsReadable(contentType))
        {
            return;
        }

        var problem = problemDetailsFactory.CreateProblemDetails(
            context.HttpContext, StatusCodes.Status415UnsupportedMediaType, detail: "The Content-Type header could not be parsed.");
        context.Result = new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }

    /// <summary>The same lookup the JSON reader makes, so whatever would throw there is caught here.</summary>
    private static bool IsReadable(string contentType)
    {
        try
        {
            _ = MediaType.GetEncoding(contentType);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
