using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Api.Tests.Http;

/// <summary>The send condition asked just before fan-out: true sends, false stops, errors retry then fail open.</summary>
public sealed class SendConditionPipelineTests : PipelineTestBase
{
    private WebApplication _conditions = null!;
    private string _baseUrl = "";
    private int _failingCalls;

    [OneTimeSetUp]
    public async Task StartConditionEndpointAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _conditions = builder.Build();
        _conditions.Urls.Add("http://127.0.0.1:0");
        _conditions.MapGet("/yes", () => Results.Json(new { sendNotification = true }));
        _conditions.MapGet("/no", () => Results.Json(new { sendNotification = false }));
        _conditions.MapGet("/broken", () =>
        {
            Interlocked.Increment(ref _failingCalls);
            return Results.StatusCode(500);
        });
        await _conditions.StartAsync();
        _baseUrl = _conditions.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    [OneTimeTearDown]
    public async Task StopConditionEndpointAsync() => await _conditions.DisposeAsync();

    private object OrderWithCondition(string path) => new
    {
        subject = "s",
        body = "b",
        conditionEndpoint = $"{_baseUrl}{path}",
        recipients = new[] { new { emailAddress = "a@example.com" } },
    };

    [Test]
    public async Task ConditionTrue_SendsTheOrder()
    {
        var orderId = await CreateOrderAsync(OrderWithCondition("/yes"));

        await WaitForOrderStatusAsync(orderId, "Completed");

        Assert.That(PickedUpFiles(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ConditionFalse_StopsTheOrderWithoutEmails()
    {
        var orderId = await CreateOrderAsync(OrderWithCondition("/no"));

        await WaitForOrderStatusAsync(orderId, "SendConditionNotMet");

        var notifications = await JsonOf(await GetAsync($"{OrdersUrl}/{orderId}/notifications/email"));
        Assert.That(notifications["generated"]!.GetValue<int>(), Is.EqualTo(0));
        Assert.That(PickedUpFiles(), Is.Empty);
    }

    [Test]
    public async Task ConditionFailing_IsRetriedWithBackoffThenSentAnyway()
    {
        var orderId = await CreateOrderAsync(OrderWithCondition("/broken"));

        // First failure: back to Registered, asked again in about 10 seconds.
        await WaitUntilAsync(async () => await ScalarAsync<int>("SELECT condition_attempts FROM notifications.orders WHERE id = $1", orderId) == 1, 20);
        Assert.That(await OrderStatusAsync(orderId), Is.EqualTo("Registered"));
        var delay = await ScalarAsync<double>(
            "SELECT extract(epoch FROM due_at - processing_status_changed)::float8 FROM notifications.orders WHERE id = $1", orderId);
        Assert.That(delay, Is.InRange(9.0, 11.0));
        Assert.That(PickedUpFiles(), Is.Empty);

        // The retry budget used up (as if 10 s and 60 s had passed): the next failure fails open.
        await ExecuteAsync("UPDATE notifications.orders SET condition_attempts = 2, due_at = now() WHERE id = $1", orderId);
        await WaitForOrderStatusAsync(orderId, "Completed");

        Assert.That(PickedUpFiles(), Has.Count.EqualTo(1));
        Assert.That(_failingCalls, Is.GreaterThanOrEqualTo(2));
    }
}

/// <summary>With the SSRF guard on (the production default) a loopback condition endpoint is not asked: fail open.</summary>
public sealed class SendConditionGuardPipelineTests : PipelineTestBase
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["SendCondition:AllowPrivateNetworks"] = "false" };

    [Test]
    public async Task ConditionOnPrivateAddress_IsRefusedAndTheOrderIsSent()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "s",
            body = "b",
            conditionEndpoint = "http://169.254.169.254/latest/meta-data",
            recipients = new[] { new { emailAddress = "a@example.com" } },
        });

        await WaitForOrderStatusAsync(orderId, "Completed");

        Assert.That(PickedUpFiles(), Has.Count.EqualTo(1));
        Assert.That(await ScalarAsync<int>("SELECT condition_attempts FROM notifications.orders WHERE id = $1", orderId), Is.EqualTo(0));
    }
}
