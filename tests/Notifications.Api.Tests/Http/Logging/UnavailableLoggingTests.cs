using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Serilog.Core;
using Serilog.Events;

namespace Notifications.Api.Tests.Http.Logging;

/// <summary>
/// An expected 503 (the contact registry or the email provider is away) is one warning without a stack trace, and its
/// request line no error; an unexpected exception stays an error with its stack.
/// </summary>
public sealed class UnavailableLoggingTests : ApiTestBase
{
    private const string Timeout = "Altinn profile did not answer /profile/api/v1/users/contactpoint/lookup within 10 seconds.";

    private readonly CapturingSink _sink = new();
    private readonly FailingContactRegistry _registry = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" };

    protected override void ConfigureServices(IServiceCollection services) => services
        .AddSingleton<ILogEventSink>(_sink)
        .AddSingleton<IContactRegistry>(_registry)
        .AddSingleton<IEmailProvider, RefusingEmailProvider>();

    [SetUp]
    public void ClearLog() => _sink.Clear();

    private Task<HttpResponseMessage> PostToAPersonAsync() =>
        PostOrderAsync(new { subject = "s", body = "b", recipients = new[] { new { nationalIdentityNumber = TestContacts.ReservedNin } } });

    [Test]
    public async Task RegistryTimeout_Is503_LoggedAsOneWarningWithTypeAndMessage_AndNoStack()
    {
        _registry.Failure = () => new ContactRegistryUnavailableException(Timeout, new TaskCanceledException("The request was canceled."));

        var response = await PostToAPersonAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var (requestLine, others) = await LinesOfAsync(response);
        Assert.That(others.Where(e => e.Level >= LogEventLevel.Warning).Select(e => e.RenderMessage()), Has.Exactly(1).Items);
        var warning = others.Single(e => e.Level >= LogEventLevel.Warning);
        Assert.That(warning.Level, Is.EqualTo(LogEventLevel.Warning));
        Assert.That(warning.Exception, Is.Null, "no stack trace");
        Assert.That(warning.RenderMessage(), Is.EqualTo($"Recipient lookup is unavailable (\"ContactRegistryUnavailableException\": \"{Timeout}\")"));
        Assert.That(requestLine.Level, Is.EqualTo(LogEventLevel.Information), "the request line is no second alarm");
    }

    [Test]
    public async Task EmailProviderRefusal_Is503_LoggedAsOneWarning_AndNoStack()
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, "/notifications/api/v1/future/orders/instant/email", TestTokens.Bearer(), json: new JsonObject
        {
            ["idempotencyId"] = $"logging-{Guid.NewGuid():N}",
            ["recipientEmail"] = new JsonObject
            {
                ["emailAddress"] = "ola@example.com",
                ["emailSettings"] = new JsonObject { ["subject"] = "Hei", ["body"] = "Your code is 1234.", ["contentType"] = "Plain" },
            },
        }.ToJsonString()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var (requestLine, others) = await LinesOfAsync(response);
        var warnings = others.Where(e => e.Level >= LogEventLevel.Warning).ToList();
        Assert.That(warnings.Select(e => e.RenderMessage()), Has.Exactly(1).Items);
        Assert.That(warnings[0].Level, Is.EqualTo(LogEventLevel.Warning));
        Assert.That(warnings[0].Exception, Is.Null, "no stack trace");
        Assert.That(warnings[0].RenderMessage(), Does.Contain(RefusingEmailProvider.Reason));
        Assert.That(requestLine.Level, Is.EqualTo(LogEventLevel.Information));
    }

    [Test]
    public async Task UnexpectedException_Is500_LoggedAsAnErrorWithItsStack()
    {
        _registry.Failure = () => new InvalidOperationException("A bug in the registry client.");

        var response = await PostToAPersonAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var (requestLine, others) = await LinesOfAsync(response);
        var error = others.Single(e => e.Level == LogEventLevel.Error);
        Assert.That(error.Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(error.Exception!.StackTrace, Does.Contain(nameof(FailingContactRegistry)));
        Assert.That(requestLine.Level, Is.EqualTo(LogEventLevel.Error));
    }

    /// <summary>The request's line (written as the response completes, possibly just after the client has it) and the others.</summary>
    private async Task<(LogEvent RequestLine, List<LogEvent> Others)> LinesOfAsync(HttpResponseMessage response)
    {
        var traceId = (await JsonOf(response))["traceId"]!.GetValue<string>();
        await WaitUntilAsync(() => Task.FromResult(Of(traceId).Any(IsRequestLine)), 10, () => "no request line");
        var lines = Of(traceId);
        return (lines.Single(IsRequestLine), lines.Where(e => !IsRequestLine(e)).ToList());
    }

    private List<LogEvent> Of(string traceId) => _sink.Events.Where(e => e.TraceId?.ToHexString() == traceId).ToList();

    private static bool IsRequestLine(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var source) && source.ToString().Contains("RequestLoggingMiddleware");

    private sealed class FailingContactRegistry : IContactRegistry
    {
        public Func<Exception> Failure { get; set; } = () => new InvalidOperationException("No failure set.");

        public Task<IReadOnlyList<PersonContact>> GetPersonContactsAsync(IReadOnlyCollection<string> nationalIdentityNumbers, CancellationToken cancellationToken) =>
            throw Failure();

        public Task<IReadOnlyList<OrganizationContact>> GetOrganizationContactsAsync(IReadOnlyCollection<string> organizationNumbers, CancellationToken cancellationToken) =>
            throw Failure();
    }

    /// <summary>A provider whose every send is a transient refusal, as when its server answers 5xx.</summary>
    private sealed class RefusingEmailProvider : IEmailProvider, IEmailSession
    {
        public const string Reason = "the provider answered 503";

        public bool ReportsDelivery => false;

        public string Name => "refusing";

        public int? SendsPerMinute => null;

        public Task<IEmailSession> OpenSessionAsync(CancellationToken cancellationToken) => Task.FromResult<IEmailSession>(this);

        public Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => Task.FromResult(SendOutcome.Transient(Reason));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
