using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Notifications.Api.Auth;

/// <summary>
/// A 401 or 403 that says why: RFC 7807 problem details whose <c>detail</c> names the reason (see
/// <see cref="TokenRefusals"/> and <see cref="CreatorClaims.MissingCreatorReason"/>), and one Information line naming it
/// (the token itself is never logged). The schemes still challenge and forbid as before, <c>WWW-Authenticate</c> included.
/// </summary>
public sealed class RefusalProblemDetails(ProblemDetailsFactory problemDetailsFactory, ILogger<RefusalProblemDetails> logger)
    : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _schemes = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _schemes.HandleAsync(next, context, policy, authorizeResult);
        if (!authorizeResult.Challenged && !authorizeResult.Forbidden || context.Response.HasStarted)
        {
            return;
        }

        var status = authorizeResult.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        var detail = authorizeResult.Challenged
            ? await TokenRefusals.DescribeAsync(context, policy.AuthenticationSchemes)
            : Forbidden(authorizeResult.AuthorizationFailure);
        logger.LogInformation("Refused with {StatusCode}: {Reason}", status, detail);

        var problem = problemDetailsFactory.CreateProblemDetails(context, status, detail: detail);
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", context.RequestAborted);
    }

    private static string Forbidden(AuthorizationFailure? failure) =>
        failure?.FailureReasons.Select(r => r.Message).Where(m => m.Length > 0).Distinct().ToList() is { Count: > 0 } reasons
            ? string.Join(" ", reasons)
            : "The token does not allow this request.";
}
