namespace Notifications.Core.Ports;

/// <summary>
/// Tells the dispatch workers that there is work, so it starts at once (or exactly when due) instead of at the next
/// poll (docs/architecture.md#wake-ups). Calls are cheap and coalesced; they never block.
/// </summary>
public interface IWorkSignal
{
    /// <summary>A new order was stored that becomes due at <paramref name="dueAt"/>: wake this host and tell the others.</summary>
    void OrderRegistered(DateTimeOffset dueAt);

    /// <summary>New emails were generated: wake this host's sender and tell the others.</summary>
    void EmailsQueued();

    /// <summary>This host's order worker should next run at <paramref name="dueAt"/> (local only).</summary>
    void WakeOrdersAt(DateTimeOffset dueAt);

    /// <summary>This host's email sender should next run at <paramref name="readyAt"/> (local only).</summary>
    void WakeEmailsAt(DateTimeOffset readyAt);

    /// <summary>This host's status poll (ACS operations) should next run at <paramref name="dueAt"/> (local only).</summary>
    void WakeStatusPollAt(DateTimeOffset dueAt);
}
