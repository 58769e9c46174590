using FluentValidation;

namespace Notifications.Core.Shipments;

/// <summary><c>GET /future/shipment/feed</c>: the caller's final shipments in sequence order, from an exclusive cursor.</summary>
/// <param name="OrderBy">"asc" or "desc" (any case); null means asc.</param>
public sealed record ReadFeedQuery(string Creator, long Seq, int? PageSize, string? OrderBy) : IQuery<IReadOnlyList<FeedEntry>>;

public sealed class ReadFeedValidator : AbstractValidator<ReadFeedQuery>
{
    public ReadFeedValidator()
    {
        RuleFor(q => q.Seq).GreaterThanOrEqualTo(0).WithMessage("Sequence number cannot be less than 0.");
        RuleFor(q => q.OrderBy)
            .Must(o => o is null || o.Equals("asc", StringComparison.OrdinalIgnoreCase) || o.Equals("desc", StringComparison.OrdinalIgnoreCase))
            .WithMessage("OrderBy must be asc or desc.");
    }
}

public sealed class ReadFeedHandler(IStatusFeed feed) : IQueryHandler<ReadFeedQuery, IReadOnlyList<FeedEntry>>
{
    public const int MaxPageSize = 500;

    public async ValueTask<IReadOnlyList<FeedEntry>> Handle(ReadFeedQuery query, CancellationToken cancellationToken) =>
        await feed.ReadAsync(
            query.Creator,
            query.Seq,
            Math.Clamp(query.PageSize ?? MaxPageSize, 1, MaxPageSize),
            !"desc".Equals(query.OrderBy, StringComparison.OrdinalIgnoreCase),
            cancellationToken);
}
