namespace Notifications.Core.Ports;

/// <summary>
/// Tells the dispatch workers that there is work, so it starts at once instead of at the next poll
/// (SPEC §6 "Waking up"). Calls are cheap and coalesced; they never block.
/// </summary>
public interface IWorkSignal
{
    /// <summary>An order becomes (or became) due at <paramref name="dueAt"/>.</summary>
    void OrdersDue(DateTimeOffset dueAt);

    /// <summary>Emails are waiting to be sent at or after <paramref name="readyAt"/>.</summary>
    void EmailsReady(DateTimeOffset readyAt);
}
