using System.Threading.Channels;
using Notifications.Core.Ports;

namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>
/// Records send results the way a database does group commit: the send workers hand each result over as soon as the
/// provider answers, and one writer stores everything that arrived while its previous write was in flight with one
/// statement. Under load that is tens of results per round trip instead of one; when idle a result is written at once.
/// A crash therefore loses at most the sends in flight plus the results of the last few milliseconds, whose claims
/// expire and are retried with the same idempotency id, as before.
/// </summary>
internal sealed class SendResultWriter
{
    /// <summary>Results per statement at most, so one write stays short.</summary>
    public const int MaxBatch = 500;

    private readonly Channel<SendResult> _results = Channel.CreateUnbounded<SendResult>(new() { SingleReader = true });
    private readonly Task _writer;

    public SendResultWriter(IDispatchStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        _writer = Task.Run(() => WriteAsync(store, clock, cancellationToken), CancellationToken.None);
    }

    /// <summary>Queues a result; after the writer failed it is dropped (its claim expires) and <see cref="CompleteAsync"/> throws.</summary>
    public void Add(SendResult result) => _results.Writer.TryWrite(result);

    /// <summary>Writes what is left and waits for it; throws what a write threw (cancellation on shutdown).</summary>
    public Task CompleteAsync()
    {
        _results.Writer.TryComplete();
        return _writer;
    }

    private async Task WriteAsync(IDispatchStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            while (await _results.Reader.WaitToReadAsync(cancellationToken))
            {
                var batch = new List<SendResult>();
                while (batch.Count < MaxBatch && _results.Reader.TryRead(out var result))
                {
                    batch.Add(result);
                }

                await store.RecordSendResultsAsync(batch, clock.GetUtcNow(), cancellationToken);
            }
        }
        finally
        {
            // Whatever ended the writer, the workers must not block on it.
            _results.Writer.TryComplete();
        }
    }
}
