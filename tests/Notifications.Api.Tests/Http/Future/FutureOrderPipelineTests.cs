using System.Net;
using System.Text.Json.Nodes;
using Notifications.Testing.SendCondition;
using static Notifications.Api.Tests.Http.Future.FutureOrderRequests;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>Chain shipments go through the v1 pipeline unchanged: condition, fan-out, lookup, personalisation, sending.</summary>
public sealed class FutureOrderPipelineTests : PipelineTestBase
{
    private ConditionEndpointServer _conditions = null!;

    [OneTimeSetUp]
    public async Task StartConditionsAsync() => _conditions = await ConditionEndpointServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopConditionsAsync() => await _conditions.DisposeAsync();

    private async Task<IReadOnlyList<string>> ShipmentStatusesAsync(Guid chainId) =>
        (await JsonOf(await GetAsync($"{Url}/{chainId}")))["shipments"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()).ToList();

    [Test]
    public async Task ReminderWhoseConditionSaysFalse_EndsSendConditionNotMet_AndTheMainShipmentIsSent()
    {
        var chain = Chain(
            recipient: PersonRecipient(TestContacts.PersonWithEmailNin),
            reminders: Reminder(requestedSendTime: DateTimeOffset.UtcNow, conditionEndpoint: _conditions.Url("false").AbsoluteUri));
        chain["conditionEndpoint"] = _conditions.Url("true").AbsoluteUri;
        chain["recipient"]!["recipientPerson"]!["emailSettings"]!["subject"] = "Til $recipientName$";
        var response = await Client.SendAsync(Request(HttpMethod.Post, Url, TestTokens.Bearer("ttd"), json: chain.ToJsonString()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var chainId = (await JsonOf(response))["notificationOrderId"]!.GetValue<Guid>();

        IReadOnlyList<string> statuses = [];
        await WaitUntilAsync(
            async () => (statuses = await ShipmentStatusesAsync(chainId)).SequenceEqual(["Order_Completed", "Order_SendConditionNotMet"]),
            30,
            () => string.Join(", ", statuses));

        var files = PickedUpFiles();
        Assert.That(files, Has.Count.EqualTo(1));
        var email = await File.ReadAllTextAsync(files[0]);
        Assert.That(email, Does.Contain("kari@example.com"));
        Assert.That(email, Does.Contain("Til Kari Nordmann"), "personalised like a v1 order");
        Assert.That(_conditions.Requests, Has.Some.StartsWith("/false"));
    }
}
