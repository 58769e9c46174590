namespace Notifications.Core.Domain;

/// <summary>An order for email notifications, as registered by its creator.</summary>
public sealed class NotificationOrder
{
    public required Guid Id { get; init; }

    /// <summary>The organisation that owns the order (the caller's org or platform token issuer).</summary>
    public required string Creator { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>The order chain this shipment belongs to; null for a v1 order.</summary>
    public Guid? ChainId { get; init; }

    public ShipmentType Type { get; init; } = ShipmentType.Notification;

    public string? SendersReference { get; init; }

    public required DateTimeOffset RequestedSendTime { get; init; }

    public bool IgnoreReservation { get; init; }

    public string? ResourceId { get; init; }

    public Uri? ConditionEndpoint { get; init; }

    public required IReadOnlyList<Recipient> Recipients { get; init; }

    public required EmailTemplate EmailTemplate { get; init; }

    /// <summary>The lookup result given to the creator at registration; null when no lookup was needed.</summary>
    public RecipientLookupResult? RecipientLookup { get; set; }

    public OrderProcessingStatus ProcessingStatus { get; set; } = OrderProcessingStatus.Registered;

    public DateTimeOffset ProcessingStatusChanged { get; set; }

    /// <summary>Orders can no longer be cancelled when they are due within this margin.</summary>
    public static readonly TimeSpan CancellationMargin = TimeSpan.FromMinutes(5);
}
