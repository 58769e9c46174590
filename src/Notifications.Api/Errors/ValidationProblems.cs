using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Notifications.Api.Errors;

/// <summary>One shape for every 400: FluentValidation failures and what only the JSON reader can see.</summary>
public static class ValidationProblems
{
    public const string Title = "One or more validation errors occurred.";

    public static ValidationProblemDetails Create(ProblemDetailsFactory factory, HttpContext httpContext, IDictionary<string, string[]> errors)
    {
        var modelState = new ModelStateDictionary();
        foreach (var (key, messages) in errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }

        var problem = factory.CreateValidationProblemDetails(httpContext, modelState, StatusCodes.Status400BadRequest, Title);
        problem.Errors = errors;
        return problem;
    }

    /// <summary>
    /// MVC's answer to unreadable JSON also names the action parameter ("request": "field is required"); keep only
    /// the JSON paths, and name a missing body <c>$</c>.
    /// </summary>
    public static IActionResult FromModelState(ActionContext context)
    {
        var entries = context.ModelState
            .Where(e => e.Value is { Errors.Count: > 0 })
            .ToDictionary(e => e.Key, e => e.Value!.Errors.Select(Message).ToArray());
        var jsonPaths = entries.Where(e => e.Key.StartsWith('$')).ToDictionary(e => e.Key, e => e.Value);
        var errors = entries.Values.Any(m => m.Contains(RecipientCountLimit.Message))
            ? new Dictionary<string, string[]> { [RecipientCountLimit.PropertyName] = [RecipientCountLimit.Message] }
            : jsonPaths.Count > 0
                ? jsonPaths
                : entries.Count > 0 && entries.Keys.All(k => k is "" or "request")
                    ? new Dictionary<string, string[]> { ["$"] = ["A non-empty JSON request body is required."] }
                    : entries;

        var factory = context.HttpContext.RequestServices.GetRequiredService<ProblemDetailsFactory>();
        var problem = Create(factory, context.HttpContext, errors);
        return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
    }

    /// <summary>
    /// System.Text.Json names CLR types ("could not be converted to System.Nullable`1[...]", "deserialization of type
    /// 'EmailNotificationOrderRequestExt'"); say it plainly.
    /// </summary>
    private static string Message(ModelError error)
    {
        var message = string.IsNullOrEmpty(error.ErrorMessage) ? error.Exception?.Message : error.ErrorMessage;
        if (string.IsNullOrEmpty(message))
        {
            return "The input was not valid.";
        }

        var position = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var path = position >= 0 ? message[position..] : "";
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return "The value has the wrong type or is not one of the allowed values." + path;
        }

        return message.StartsWith("Duplicate property", StringComparison.Ordinal)
            ? "The property appears more than once; each may be given only once." + path
            : message;
    }
}
