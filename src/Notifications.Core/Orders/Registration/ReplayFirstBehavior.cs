using FluentValidation;

namespace Notifications.Core.Orders.Registration;

/// <summary>
/// A retried registration is answered from what its first attempt stored, and a validation error never hides that
/// (docs/architecture.md#registration): a replay whose send time has passed since is still that order, not a 400, and a
/// replay with another body is a 409 whatever it holds (the first request was validated in full; the hash says whether
/// this is the same one). A valid request costs no extra read: its handler finds a replay when its INSERT meets the
/// unique key (or, before a contact lookup, by looking first); only a refused one is looked up here. Registered ahead of
/// <see cref="ValidationBehavior{TMessage,TResponse}"/>, for every <see cref="IRegistrationCommand{TReceipt}"/>.
/// </summary>
public sealed class ReplayFirstBehavior<TCommand, TReceipt>(RegistrationReplays replays) : IPipelineBehavior<TCommand, TReceipt>
    where TCommand : IRegistrationCommand<TReceipt>
    where TReceipt : class
{
    public async ValueTask<TReceipt> Handle(TCommand message, MessageHandlerDelegate<TCommand, TReceipt> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        catch (ValidationException)
        {
            if (await replays.FindAsync(message, cancellationToken) is { } replay)
            {
                return replay;
            }

            throw;
        }
    }
}
