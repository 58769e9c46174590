namespace Notifications.Core.Ports;

/// <summary>Emails not yet final on this database: waiting to be sent (New) and handed to the provider (Sending).</summary>
public sealed record EmailBacklog(long New, long Sending);

/// <summary>
/// Counts the email backlog for the metrics gauge. Synchronous on purpose: gauges are read in a synchronous callback
/// during a scrape, and a real synchronous query beats blocking on an asynchronous one. Callers cache the answer.
/// </summary>
public interface IBacklogReader
{
    EmailBacklog ReadBacklog();
}
