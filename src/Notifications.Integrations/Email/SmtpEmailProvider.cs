namespace Notifications.Integrations.Email;

/// <summary>
/// Sends through an SMTP server with MailKit. Each session holds one connection, opened on its first send.
/// SMTP has no delivery reports: an email the server accepted is final.
/// </summary>
public sealed class SmtpEmailProvider(SmtpOptions options, TimeProvider time, ILogger<SmtpEmailProvider> logger) : IEmailProvider
{
    public SmtpOptions Options { get; } = options;

    public bool ReportsDelivery => false;

    public string Name => "smtp";

    public int? SendsPerMinute => null;

    public Task<IEmailSession> OpenSessionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IEmailSession>(new SmtpEmailSession(Options, time, logger));
}
