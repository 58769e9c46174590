using System.Threading.Channels;

namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>
/// Records send results the way a database does group commit: the send workers hand each result over as soon as the
/// provider answers, and one writer stores everything that arrived while its previous write was in flight with one
/// statement. Under load that is tens of results per round trip instead of one; when idle a result is written at once.
/// A result that cannot be written means its email would be sent again after the lease, so the first failed write sets
/// <see cref="Faulted"/> (the workers stop handing emails to the provider) and the write is retried for a few seconds (<see cref="Backoff.ResultWrite"/>).
/// Writes are not cancelled on shutdown: the results of sends that happened must be kept.
/// </summary>
internal sealed class SendResultWriter
{
    /// <summary>Results per statement at most, so one write stays short.</summary>
    public const int MaxBatch = 500;

    private readonly Channel<SendResult> _results = Channel.CreateUnbounded<SendResult>(new() { SingleReader = true });
    private readonly IEmailQueue _queue;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Task _writer;
    private volatile bool _faulted;

    public SendResultWriter(IEmailQueue queue, TimeProvider clock, ILogger logger)
    {
        _queue = queue;
        _clock = clock;
        _logger = logger;
        _writer = Task.Run(WriteAsync, CancellationToken.None);
    }

    /// <summary>A write failed: hand no more emails to the provider.</summary>
    public bool Faulted => _faulted;

    /// <summary>Queues a result; after the writer gave up it is dropped (its claim expires) and <see cref="CompleteAsync"/> throws.</summary>
    public void Add(SendResult result) => _results.Writer.TryWrite(result);

    /// <summary>Writes what is left and waits for it; throws what the last failed write threw.</summary>
    public Task CompleteAsync()
    {
        _results.Writer.TryComplete();
        return _writer;
    }

    private async Task WriteAsync()
    {
        try
        {
            while (await _results.Reader.WaitToReadAsync())
            {
                var batch = new List<SendResult>();
                while (batch.Count < MaxBatch && _results.Reader.TryRead(out var result))
                {
                    batch.Add(result);
                }

                await WriteWithRetryAsync(batch);
            }
        }
        finally
        {
            // Whatever ended the writer, the workers must not block on it.
            _results.Writer.TryComplete();
        }
    }

    private async Task WriteWithRetryAsync(List<SendResult> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _queue.RecordSendResultsAsync(batch, _clock.GetUtcNow(), CancellationToken.None);
                return;
            }
            catch (Exception e) when (attempt < Backoff.ResultWrite.Length)
            {
                _faulted = true;
                _logger.LogWarning(e, "Could not record {Count} send results; sending stops, retrying the write in {Delay}", batch.Count, Backoff.ResultWrite[attempt]);
                await Task.Delay(Backoff.ResultWrite[attempt], _clock);
            }
        }
    }
}
