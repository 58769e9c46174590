using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Notifications.Api.Logging;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Notifications.Api.Tests.Http.Logging;

public sealed class LoggingTests : ApiTestBase
{
    private readonly CapturingSink _sink = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(_sink);

    [SetUp]
    public void ClearLog() => _sink.Clear();

    [TestCase("validation")]
    [TestCase("not-found")]
    [TestCase("unauthenticated")]
    public async Task ProblemDetails_CarryTheTraceIdOfTheRequestLogLine(string problem)
    {
        using var response = problem switch
        {
            "validation" => await PostOrderAsync(new { subject = "", body = "b", recipients = new[] { new { emailAddress = "a@example.com" } } }),
            "not-found" => await GetAsync($"{OrdersUrl}/{Guid.NewGuid()}"),
            _ => await Client.GetAsync($"{OrdersUrl}/{Guid.NewGuid()}"),
        };
        var traceId = (await JsonOf(response))["traceId"]!.GetValue<string>();

        var requestLine = await RequestLogLineAsync((int)response.StatusCode);
        Assert.That(traceId, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(requestLine.TraceId?.ToHexString(), Is.EqualTo(traceId));
        Assert.That(CompactJson(requestLine)["@tr"]!.GetValue<string>(), Is.EqualTo(traceId), "the JSON log line names the same trace");
    }

    [Test]
    public async Task Logs_NameIdsButNeverRecipients()
    {
        const string email = "private.person@example.com";
        using var response = await PostOrderAsync(new
        {
            subject = "s",
            body = "b",
            sendersReference = "ref-logs",
            recipients = new object[] { new { emailAddress = email }, new { nationalIdentityNumber = TestContacts.ReservedNin } },
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var orderId = (await JsonOf(response))["orderId"]!.GetValue<string>();
        await GetAsync($"{OrdersUrl}?sendersReference=ref-logs");
        await RequestLogLineAsync(200);

        var everything = string.Join("\n", _sink.Events.Select(e => CompactJson(e).ToJsonString()));
        Assert.That(everything, Does.Contain(orderId), "the order is logged by its id");
        Assert.That(everything, Does.Not.Contain(email).And.Not.Contain(TestContacts.ReservedNin).And.Not.Contain("ref-logs"));
    }

    [Test]
    public void ConsoleFormat_IsCompactJsonOutsideDevelopment_AndTextInDevelopment()
    {
        Assert.That(LoggingSetup.ConsoleFormatter(new HostingEnvironment { EnvironmentName = Environments.Production }), Is.TypeOf<RenderedCompactJsonFormatter>());
        Assert.That(LoggingSetup.ConsoleFormatter(new HostingEnvironment { EnvironmentName = "Testing" }), Is.TypeOf<RenderedCompactJsonFormatter>());
        Assert.That(LoggingSetup.ConsoleFormatter(new HostingEnvironment { EnvironmentName = Environments.Development }), Is.TypeOf<MessageTemplateTextFormatter>());
    }

    /// <summary>The request log line is written as the response completes, possibly just after the client has it.</summary>
    private async Task<LogEvent> RequestLogLineAsync(int status)
    {
        LogEvent? line = null;
        await WaitUntilAsync(
            () => Task.FromResult((line = _sink.Events.LastOrDefault(e =>
                e.Properties.TryGetValue("SourceContext", out var source) && source.ToString().Contains("RequestLoggingMiddleware")
                && e.Properties.TryGetValue("StatusCode", out var code) && code.ToString() == status.ToString())) is not null),
            5, () => $"no request log line with status {status}");
        return line!;
    }

    private static JsonNode CompactJson(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        new RenderedCompactJsonFormatter().Format(logEvent, writer);
        return JsonNode.Parse(writer.ToString())!;
    }
}
