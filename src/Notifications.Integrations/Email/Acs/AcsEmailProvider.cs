namespace Notifications.Integrations.Email.Acs;

/// <summary>
/// Azure Communication Services Email (docs/decisions/002, 005). ACS accepts an email first and reports on it later, so
/// <c>Succeeded</c> waits for the operation status and for a delivery report; the provider is also the
/// <see cref="IEmailOperationTracker"/> that reads those operations.
/// </summary>
public sealed class AcsEmailProvider(AcsEmailClient client, IOptions<AcsOptions> options) : IEmailProvider, IEmailOperationTracker
{
    public bool ReportsDelivery => true;

    public string Name => "acs";

    public int? SendsPerMinute { get; } = options.Value.SendsPerMinuteLimit;

    // Each send is one HTTP request over the client's pooled connections: a session holds nothing of its own.
    public Task<IEmailSession> OpenSessionAsync(CancellationToken cancellationToken) => Task.FromResult<IEmailSession>(new Session(client));

    public Task<OperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken) =>
        client.GetStatusAsync(operationId, cancellationToken);

    private sealed class Session(AcsEmailClient client) : IEmailSession
    {
        public Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => client.SendAsync(email, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
