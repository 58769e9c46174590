using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Notifications.Api.Errors;

/// <summary>
/// A body that is not valid in the charset its Content-Type names (<c>charset=utf-16</c> with an odd byte count or a
/// lone surrogate) is the client's error: a 400 keyed <c>$</c>, like invalid UTF-8. MVC transcodes such bodies to UTF-8
/// for System.Text.Json, and the transcoder throws <see cref="DecoderFallbackException"/>, which is not a JSON error
/// and would otherwise escape as a 500 (docs/architecture.md#hardening). Charsets MVC cannot read are already 415.
/// </summary>
public sealed class UndecodableBodyExceptionHandler(ProblemDetailsFactory problemDetailsFactory) : IExceptionHandler
{
    public const string Message = "The body is not valid text in the charset its Content-Type names.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DecoderFallbackException && exception.InnerException is not DecoderFallbackException)
        {
            return false;
        }

        var problem = ValidationProblems.Create(problemDetailsFactory, httpContext, new Dictionary<string, string[]> { ["$"] = [Message] });
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        await httpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }
}
