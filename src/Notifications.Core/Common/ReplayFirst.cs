namespace Notifications.Core.Common;

/// <summary>
/// Answers a retried request from what its first attempt stored, before validation runs (docs/architecture.md#journey):
/// a replay whose send time has passed since is still that order, not a 400, and a replay with another body is a 409
/// whatever it holds (the first request was validated in full; the hash says whether this is the same one). Each
/// registration command has one subclass, registered ahead of <see cref="ValidationBehavior{TMessage,TResponse}"/>.
/// </summary>
public abstract class ReplayFirst<TCommand, TResult> : IPipelineBehavior<TCommand, TResult>
    where TCommand : IMessage
    where TResult : class
{
    public async ValueTask<TResult> Handle(TCommand message, MessageHandlerDelegate<TCommand, TResult> next, CancellationToken cancellationToken) =>
        await FindReplayAsync(message, cancellationToken) ?? await next(message, cancellationToken);

    /// <summary>The first attempt's answer, or null when the request is new (or its key malformed: the validator names it).</summary>
    /// <exception cref="ConflictException">The key was used for a request with another body.</exception>
    protected abstract Task<TResult?> FindReplayAsync(TCommand command, CancellationToken cancellationToken);
}
