using FluentValidation;

namespace Notifications.Core.Orders.Queries;

public sealed record FindOrdersBySendersReferenceQuery(string Creator, string? SendersReference) : IQuery<IReadOnlyList<NotificationOrder>>;

public sealed class FindOrdersBySendersReferenceValidator : AbstractValidator<FindOrdersBySendersReferenceQuery>
{
    public FindOrdersBySendersReferenceValidator() =>
        RuleFor(q => q.SendersReference)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The senders reference must be provided.")
            .NoControlCharacters("senders reference")
            .OverridePropertyName("sendersReference");
}

public sealed class FindOrdersBySendersReferenceHandler(IOrderRepository orders)
    : IQueryHandler<FindOrdersBySendersReferenceQuery, IReadOnlyList<NotificationOrder>>
{
    public async ValueTask<IReadOnlyList<NotificationOrder>> Handle(FindOrdersBySendersReferenceQuery query, CancellationToken cancellationToken) =>
        await orders.FindBySendersReferenceAsync(query.Creator, query.SendersReference!, cancellationToken);
}
