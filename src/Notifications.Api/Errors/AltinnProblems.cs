using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Notifications.Api.Errors;

/// <summary>
/// The future API's errors as Altinn writes them: <c>type</c> <c>urn:altinn:error:{code}</c> and the code again as an
/// extension, so clients written for Altinn can switch on either.
/// </summary>
public static class AltinnProblems
{
    public static ProblemDetails Create(ProblemDetailsFactory factory, HttpContext httpContext, int status, string code, string title)
    {
        var problem = factory.CreateProblemDetails(httpContext, status, title: title, type: $"urn:altinn:error:{code}");
        problem.Extensions["code"] = code;
        return problem;
    }
}
