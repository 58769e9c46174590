using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Notifications.Integrations.Email;

/// <summary>
/// One SMTP connection, reused for the session's sends. Connection trouble is never the email's fault: it is
/// <see cref="SendOutcomeKind.Transient"/>, and the connection is dropped so the next send starts afresh.
/// Email addresses are never logged, nor are the server's replies about an email (they often echo the address).
/// </summary>
internal sealed class SmtpEmailSession(SmtpOptions options, TimeProvider time, ILogger logger) : IEmailSession
{
    private SmtpClient? _client;
    private bool _disposed;

    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!EmailMessageBuilder.TryBuild(email, time.GetUtcNow(), out var message, out var failure))
        {
            logger.LogWarning("Email {NotificationId} not sent: {Reason}", email.NotificationId, failure.Reason);
            return failure;
        }

        SmtpClient client;
        try
        {
            client = await ConnectedClientAsync(cancellationToken);
        }
        catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
        {
            await DropConnectionAsync();
            logger.LogWarning(
                "Email {NotificationId} not sent: cannot connect to the SMTP server {Host}:{Port} ({Error}: {Message})",
                email.NotificationId, options.Host, options.Port, e.GetType().Name, e.Message);
            return SendOutcome.Transient($"Cannot connect to the SMTP server ({e.GetType().Name}).");
        }

        try
        {
            await client.SendAsync(message, cancellationToken);
            logger.LogInformation("Email {NotificationId} accepted by the SMTP server", email.NotificationId);
            return SendOutcome.Accepted();
        }
        catch (SmtpCommandException e)
        {
            // 421 means the server is closing the channel; a client that lost the connection cannot be reused either.
            if (e.StatusCode == SmtpStatusCode.ServiceNotAvailable || !client.IsConnected)
            {
                await DropConnectionAsync();
            }

            var outcome = SmtpReplies.Classify(e);
            logger.LogWarning(
                "Email {NotificationId}: the SMTP server answered {StatusCode} {EnhancedStatusCode} ({ErrorCode}); outcome {Outcome} {FailureStatus}",
                email.NotificationId, (int)e.StatusCode, SmtpReplies.EnhancedStatusCode(e.Message), e.ErrorCode, outcome.Kind, outcome.FailureStatus);
            return outcome;
        }
        catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
        {
            await DropConnectionAsync();
            logger.LogWarning(
                "Email {NotificationId} not sent: the SMTP connection failed ({Error}: {Message})",
                email.NotificationId, e.GetType().Name, e.Message);
            return SendOutcome.Transient($"The SMTP connection failed ({e.GetType().Name}).");
        }
        catch (OperationCanceledException)
        {
            // Cancelled mid-conversation: the connection is in an unknown state.
            await DropConnectionAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_client is { IsConnected: true } client)
        {
            try
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception e) when (IsConnectionFailure(e, CancellationToken.None))
            {
                // Saying goodbye is a courtesy; the socket is closed below either way.
            }
        }

        _client?.Dispose();
        _client = null;
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } reused)
        {
            // Servers close idle connections (with or without a 421), and a client notices only at its next command.
            // A NOOP finds that out before any part of a message is on the wire, so reconnecting cannot duplicate it.
            try
            {
                await reused.NoOpAsync(cancellationToken);
                return reused;
            }
            catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
            {
                logger.LogInformation("The SMTP connection was closed by the server ({Error}); reconnecting", e.GetType().Name);
            }
        }

        await DropConnectionAsync();
        var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(options.TimeoutSeconds).TotalMilliseconds };
        _client = client;
        await client.ConnectAsync(options.Host, options.Port, options.EffectiveSecurity, cancellationToken);
        if (!string.IsNullOrEmpty(options.User))
        {
            await client.AuthenticateAsync(options.User, options.Password ?? string.Empty, cancellationToken);
        }

        return client;
    }

    private async Task DropConnectionAsync()
    {
        var client = _client;
        _client = null;
        if (client is null)
        {
            return;
        }

        try
        {
            if (client.IsConnected)
            {
                // No QUIT: the conversation is in an unknown state, so just close the socket.
                await client.DisconnectAsync(quit: false, CancellationToken.None);
            }
        }
        catch (Exception e) when (IsConnectionFailure(e, CancellationToken.None))
        {
            // Already gone.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Failures of the connection rather than replies about the email; our own cancellation is not one of them.</summary>
    private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // MailKit's own timeout
        IOException or SocketException or TimeoutException => true,
        SmtpProtocolException or SmtpCommandException => true, // only reached outside a message's transaction
        ServiceNotConnectedException or ServiceNotAuthenticatedException => true,
        AuthenticationException or SaslException or SslHandshakeException => true,
        NotSupportedException => true, // e.g. Security=StartTls or a User set, but the server offers neither
        _ => false,
    };
}
