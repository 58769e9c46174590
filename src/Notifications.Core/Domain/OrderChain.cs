namespace Notifications.Core.Domain;

/// <summary>
/// An order of the future API: a main shipment and its reminders (or one instant email), each stored as an order of its
/// own that refers to the chain. The chain holds what the shipments share: the creator's idempotency id and the
/// references that are stored and returned without behaviour.
/// </summary>
public sealed class OrderChain
{
    public required Guid Id { get; init; }

    public required string Creator { get; init; }

    /// <summary>The creator's idempotency id: one chain per creator and id.</summary>
    public required string IdempotencyId { get; init; }

    /// <summary>A hash of the request that created the chain, so a retry with another body can be told apart (409).</summary>
    public required string RequestHash { get; init; }

    public string? SendersReference { get; init; }

    /// <summary>Dialogporten's dialog id, stored and returned.</summary>
    public string? DialogId { get; init; }

    /// <summary>Dialogporten's transmission id, stored and returned.</summary>
    public string? TransmissionId { get; init; }

    public required DateTimeOffset Created { get; init; }
}

/// <summary>A chain with its shipments: the main shipment first, then the reminders by requested send time.</summary>
public sealed record OrderChainView(OrderChain Chain, IReadOnlyList<NotificationOrder> Shipments);
