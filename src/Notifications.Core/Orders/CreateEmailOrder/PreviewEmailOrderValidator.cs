using FluentValidation;

namespace Notifications.Core.Orders.CreateEmailOrder;

/// <summary>
/// The registration's validator, whole: a preview is refused exactly when the order would be, under the same keys
/// (<c>Recipients[0].EmailAddress</c>, not <c>Order.Recipients[0]...</c>), so its failures are passed on unprefixed.
/// </summary>
public sealed class PreviewEmailOrderValidator : AbstractValidator<PreviewEmailOrderCommand>
{
    public PreviewEmailOrderValidator(TimeProvider clock)
    {
        var order = new CreateEmailOrderValidator(clock);
        RuleFor(c => c.Order).CustomAsync(async (command, context, cancellationToken) =>
        {
            foreach (var failure in (await order.ValidateAsync(command, cancellationToken)).Errors)
            {
                context.AddFailure(failure);
            }
        });
    }
}
