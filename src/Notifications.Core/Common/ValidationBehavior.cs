using FluentValidation;
using FluentValidation.Results;

namespace Notifications.Core.Common;

/// <summary>Runs every FluentValidation validator of a message before its handler; the failures of all of them throw one <see cref="ValidationException"/>.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors.Take(ValidationLimits.MaxFailures - failures.Count));
            if (failures.Count >= ValidationLimits.MaxFailures)
            {
                break;
            }
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return await next(message, cancellationToken);
    }
}

public static class ValidationLimits
{
    /// <summary>
    /// Caps a 400's messages (docs/architecture.md#hardening): one who sent 100,000 empty recipients learns enough from
    /// the first hundred, and the answer stays small. Validators that loop over a collection stop here too.
    /// </summary>
    public const int MaxFailures = 100;
}
