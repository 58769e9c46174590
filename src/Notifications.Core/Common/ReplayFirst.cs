namespace Notifications.Core.Common;

/// <summary>
/// A retried request is answered from what its first attempt stored, and a validation error never hides that
/// (docs/architecture.md#journey): a replay whose send time has passed since is still that order, not a 400, and a
/// replay with another body is a 409 whatever it holds (the first request was validated in full; the hash says whether
/// this is the same one). A valid request costs no extra read: its handler finds a replay when its INSERT meets the
/// unique key (or, before a contact lookup, by looking first); only a refused one is looked up here. Each registration
/// command has one subclass, registered ahead of <see cref="ValidationBehavior{TMessage,TResponse}"/>.
/// </summary>
public abstract class ReplayFirst<TCommand, TResult> : IPipelineBehavior<TCommand, TResult>
    where TCommand : IMessage
    where TResult : class
{
    public async ValueTask<TResult> Handle(TCommand message, MessageHandlerDelegate<TCommand, TResult> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        catch (FluentValidation.ValidationException)
        {
            if (await FindReplayAsync(message, cancellationToken) is { } replay)
            {
                return replay;
            }

            throw;
        }
    }

    /// <summary>The first attempt's answer, or null when the request is new (or its key malformed: the validator names it).</summary>
    /// <exception cref="ConflictException">The key was used for a request with another body.</exception>
    protected abstract Task<TResult?> FindReplayAsync(TCommand command, CancellationToken cancellationToken);
}
