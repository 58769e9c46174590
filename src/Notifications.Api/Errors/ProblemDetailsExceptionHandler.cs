using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Notifications.Core.Common;
using Notifications.Core.Ports;

namespace Notifications.Api.Errors;

/// <summary>Turns the exceptions Core uses for expected outcomes into RFC 7807 answers.</summary>
public sealed class ProblemDetailsExceptionHandler(ProblemDetailsFactory problemDetailsFactory, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case ValidationException validation:
                problem = ValidationProblems.Create(problemDetailsFactory, httpContext, validation.Errors
                    .GroupBy(e => e.PropertyName)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
                break;
            case NotFoundException notFound:
                problem = problemDetailsFactory.CreateProblemDetails(httpContext, StatusCodes.Status404NotFound, detail: notFound.Message);
                break;
            case ConflictException conflict:
                problem = problemDetailsFactory.CreateProblemDetails(httpContext, StatusCodes.Status409Conflict, detail: conflict.Message);
                break;
            case ContactRegistryUnavailableException unavailable:
                logger.LogUnavailable("Recipient lookup", unavailable);
                problem = problemDetailsFactory.CreateProblemDetails(
                    httpContext,
                    StatusCodes.Status503ServiceUnavailable,
                    title: "Recipient lookup is unavailable.",
                    detail: "The contact registry could not be reached. Nothing was stored; retry the request, preferably with an Idempotency-Key.");
                httpContext.Response.Headers.RetryAfter = "10";
                break;
            case MissingContactException missing:
                problem = AltinnProblems.Create(
                    problemDetailsFactory, httpContext, StatusCodes.Status422UnprocessableEntity, "NOT-00001", "Missing contact information for recipient(s)");
                problem.Extensions["missingContact"] = missing.MissingContact;
                break;
            case ShipmentNotFoundException:
                problem = AltinnProblems.Create(problemDetailsFactory, httpContext, StatusCodes.Status404NotFound, "NOT-00003", "Shipment not found");
                break;
            case EmailProviderUnavailableException:
                // Not logged again: SendInstantEmailHandler logged the refusal, with the notification id and the reason.
                problem = AltinnProblems.Create(
                    problemDetailsFactory, httpContext, StatusCodes.Status503ServiceUnavailable, "NOT-00004", "A temporary network failure occurred");
                httpContext.Response.Headers.RetryAfter = "5";
                break;
            case BadHttpRequestException badRequest:
                problem = problemDetailsFactory.CreateProblemDetails(httpContext, badRequest.StatusCode, detail: badRequest.Message);
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            default:
                return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        await httpContext.Response.WriteAsJsonAsync(problem, (Type)problem.GetType(), options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }
}
