using MimeKit;

namespace Notifications.Integrations.Email;

/// <summary>
/// Writes each email as an RFC 5322 file <c>{notificationId}.eml</c> to a pickup directory, for local runs and
/// for mail servers that collect a pickup folder. There are no delivery reports: a written file is final.
/// </summary>
public sealed class PickupEmailProvider(string directory, TimeProvider time, ILogger<PickupEmailProvider> logger) : IEmailProvider, IEmailSession
{
    // CRLF line endings, as RFC 5322 requires, whatever the platform.
    private static readonly FormatOptions Format = CreateFormat();

    public string PickupDirectory { get; } = directory;

    public bool ReportsDelivery => false;

    public string Name => "pickup";

    public int? SendsPerMinute => null;

    // Writing a file needs no connection, so the provider is its own (stateless, thread-safe) session.
    public Task<IEmailSession> OpenSessionAsync(CancellationToken cancellationToken) => Task.FromResult<IEmailSession>(this);

    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var finalPath = Path.Combine(PickupDirectory, $"{email.NotificationId:D}.eml");
        if (File.Exists(finalPath))
        {
            // A retry after a crash between writing and recording the send: the email is already out.
            logger.LogInformation("Email {NotificationId} is already in the pickup directory", email.NotificationId);
            return SendOutcome.Accepted();
        }

        if (!EmailMessageBuilder.TryBuild(email, time.GetUtcNow(), out var message, out var failure))
        {
            logger.LogWarning("Email {NotificationId} not written: {Reason}", email.NotificationId, failure.Reason);
            return failure;
        }

        // RFC 5322 messages are 7-bit: non-ASCII bodies get a transfer encoding (quoted-printable or base64), so any
        // consumer of the pickup directory can relay the file as it is.
        message.Prepare(EncodingConstraint.SevenBit);

        // Readers of the directory must never see half a file: write a hidden temporary file next to the final one
        // (same file system, so the rename is atomic), flush it to disk, then move it into place.
        var tempPath = Path.Combine(PickupDirectory, $".{email.NotificationId:D}.tmp");
        try
        {
            Directory.CreateDirectory(PickupDirectory);
            await using (var stream = new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await message.WriteToAsync(Format, stream, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(tempPath, finalPath, overwrite: false);
            logger.LogInformation("Email {NotificationId} written to the pickup directory", email.NotificationId);
            return SendOutcome.Accepted();
        }
        catch (IOException) when (File.Exists(finalPath))
        {
            // Another writer finished the same email first; theirs is as good as ours.
            TryDelete(tempPath);
            return SendOutcome.Accepted();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(tempPath);
            logger.LogWarning("Email {NotificationId} could not be written to the pickup directory: {Error}", email.NotificationId, e.Message);
            return SendOutcome.Transient($"The pickup directory is not writable: {e.GetType().Name}.");
        }
        catch (OperationCanceledException)
        {
            TryDelete(tempPath);
            throw;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless: it is hidden, and the next attempt overwrites it.
        }
    }
}
