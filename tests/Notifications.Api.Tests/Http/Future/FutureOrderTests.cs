using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;
using static Notifications.Api.Tests.Http.Future.FutureOrderRequests;

namespace Notifications.Api.Tests.Http.Future;

/// <summary><c>POST /future/orders</c> and the chain read: shapes, reminders, idempotency, lookups and isolation, on real PostgreSQL.</summary>
public sealed class FutureOrderTests : ApiTestBase
{
    private readonly ShiftedTimeProvider _clock = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(_clock);

    [TearDown]
    public void ResetClock() => _clock.Reset();

    private Task<HttpResponseMessage> PostAsync(JsonObject chain, string org = "ttd") =>
        Client.SendAsync(Request(HttpMethod.Post, Url, TestTokens.Bearer(org), json: chain.ToJsonString()));

    private async Task<JsonNode> CreatedAsync(JsonObject chain, string org = "ttd")
    {
        var response = await PostAsync(chain, org);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await JsonOf(response);
    }

    private static Guid IdOf(JsonNode node, string name) => node[name]!.GetValue<Guid>();

    [Test]
    public async Task Post_ChainWithAReminder_Is201WithAltinnsNamesAndALocationThatResolves()
    {
        var response = await PostAsync(Chain("case-42"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var receipt = await JsonOf(response);
        var chainId = IdOf(receipt, "notificationOrderId");
        var notification = receipt["notification"]!;
        Assert.That(notification["sendersReference"]!.GetValue<string>(), Is.EqualTo("ref-1"));
        var reminders = notification["reminders"]!.AsArray();
        Assert.That(reminders, Has.Count.EqualTo(1));
        Assert.That(reminders[0]!["sendersReference"]!.GetValue<string>(), Is.EqualTo("ref-1-r1"));
        Assert.That(response.Headers.Location!.AbsolutePath, Is.EqualTo($"{Url}/{chainId}"));

        var chain = await JsonOf(await GetAsync(response.Headers.Location.PathAndQuery));
        Assert.That(IdOf(chain, "notificationOrderId"), Is.EqualTo(chainId));
        Assert.That(chain["idempotencyId"]!.GetValue<string>(), Is.EqualTo("case-42"));
        var shipments = chain["shipments"]!.AsArray();
        Assert.That(shipments.Select(s => s!["type"]!.GetValue<string>()), Is.EqualTo(new[] { "Notification", "Reminder" }));
        Assert.That(shipments.Select(s => IdOf(s!, "shipmentId")), Is.EqualTo(new[] { IdOf(notification, "shipmentId"), IdOf(reminders[0]!, "shipmentId") }));
        Assert.That(shipments.Select(s => s!["status"]!.GetValue<string>()), Is.All.EqualTo("Order_Registered"));

        // Each shipment is an order: v1 reads it too.
        var v1 = await GetAsync($"{OrdersUrl}/{IdOf(reminders[0]!, "shipmentId")}");
        Assert.That(v1.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JsonOf(v1))["recipients"]![0]!["emailAddress"]!.GetValue<string>(), Is.EqualTo("reminded@example.com"));
    }

    [Test]
    public async Task Post_WithoutReminders_OmitsThem()
    {
        var chain = Chain();
        chain.Remove("reminders");

        var receipt = await CreatedAsync(chain);

        Assert.That(receipt["notification"]!.AsObject().ContainsKey("reminders"), Is.False, receipt.ToJsonString());
    }

    [Test]
    public async Task DelayDays_CountFromTheRequestedSendTime()
    {
        var sendTime = new DateTimeOffset(2031, 3, 1, 8, 0, 0, TimeSpan.FromHours(1));
        var chain = Chain(reminders: [Reminder(delayDays: 3), Reminder(requestedSendTime: sendTime.AddDays(30))]);
        chain["requestedSendTime"] = sendTime.ToString("O");

        var shipments = (await JsonOf(await GetAsync($"{Url}/{IdOf(await CreatedAsync(chain), "notificationOrderId")}")))["shipments"]!.AsArray();

        Assert.That(shipments.Select(s => s!["requestedSendTime"]!.GetValue<DateTime>()), Is.EqualTo(new[]
        {
            sendTime.UtcDateTime, sendTime.AddDays(3).UtcDateTime, sendTime.AddDays(30).UtcDateTime,
        }));
    }

    [Test]
    public async Task DelayDays_WithoutARequestedSendTime_CountFromRegistration()
    {
        var before = DateTime.UtcNow;
        var chainId = IdOf(await CreatedAsync(Chain(reminders: Reminder(delayDays: 2))), "notificationOrderId");
        var after = DateTime.UtcNow;

        var shipments = (await JsonOf(await GetAsync($"{Url}/{chainId}")))["shipments"]!.AsArray();
        var main = shipments[0]!["requestedSendTime"]!.GetValue<DateTime>();
        Assert.That(main, Is.InRange(before.AddSeconds(-1), after.AddSeconds(1)));
        Assert.That(shipments[1]!["requestedSendTime"]!.GetValue<DateTime>(), Is.EqualTo(main.AddDays(2)));
    }

    [Test]
    public async Task Replay_SameBody_Is200WithTheOriginalReceipt_AndADifferentBodyIs409()
    {
        var chain = Chain("retry-me");
        var first = await CreatedAsync(chain);

        var replay = await PostAsync(chain);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JsonOf(replay)).ToJsonString(), Is.EqualTo(first.ToJsonString()));
        Assert.That(replay.Headers.Location!.AbsolutePath, Is.EqualTo($"{Url}/{IdOf(first, "notificationOrderId")}"));

        chain["sendersReference"] = "another";
        var conflict = await PostAsync(chain);
        Assert.That(conflict.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.order_chains"), Is.EqualTo(1));
    }

    [Test]
    public async Task Replay_AfterTheSendTimeFellOutOfTheGrace_IsStill200()
    {
        var sendTime = DateTimeOffset.UtcNow;
        var chain = Chain("passed");
        chain["requestedSendTime"] = sendTime.ToString("O");
        await CreatedAsync(chain);

        // Six minutes on, the send time is further back than the five minutes' grace: a new chain with it is refused.
        _clock.Advance(TimeSpan.FromMinutes(6));
        var fresh = Chain("passed-too");
        fresh["requestedSendTime"] = sendTime.ToString("O");
        Assert.That((await PostAsync(fresh)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the host's clock moved past the grace");

        Assert.That((await PostAsync(chain)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ConcurrentDuplicates_StoreOneChain()
    {
        var body = Chain("concurrent").ToJsonString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Client.SendAsync(Request(HttpMethod.Post, Url, TestTokens.Bearer("ttd"), json: body))));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
        var ids = await Task.WhenAll(responses.Select(async r => IdOf(await JsonOf(r), "notificationOrderId")));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.order_chains"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders"), Is.EqualTo(2));
    }

    [Test]
    public async Task Post_PersonAndOrganisationWithoutEmail_Is422NamingThem_AndStoresNothing()
    {
        var chain = Chain(
            recipient: PersonRecipient(TestContacts.PersonWithoutEmailNin),
            reminders: [Reminder(delayDays: 1, recipient: OrganizationRecipient(TestContacts.OrgWithoutEmail)), Reminder(delayDays: 2, recipient: PersonRecipient(TestContacts.ReservedNin))]);

        var response = await PostAsync(chain);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await JsonOf(response);
        Assert.That(problem["type"]!.GetValue<string>(), Is.EqualTo("urn:altinn:error:NOT-00001"));
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("Missing contact information for recipient(s)"));
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("NOT-00001"));
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(422));
        Assert.That(problem["missingContact"]!.AsArray().Select(m => m!.GetValue<string>()),
            Is.EquivalentTo(new[] { TestContacts.PersonWithoutEmailNin, TestContacts.OrgWithoutEmail }), "a reserved person is not missing contact");
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.order_chains"), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders"), Is.Zero);
    }

    [Test]
    public async Task Post_ReachablePersonOrganisationAndIdportenEmail_AreStoredWithTheirLookups()
    {
        var idporten = new JsonObject
        {
            ["recipientExternalIdentity"] = new JsonObject
            {
                ["externalIdentity"] = "urn:altinn:person:idporten-email:login@example.com", ["channelSchema"] = "Email", ["emailSettings"] = Settings(),
            },
        };
        var chain = Chain(
            recipient: PersonRecipient(TestContacts.PersonWithEmailNin),
            reminders: [Reminder(delayDays: 1, recipient: OrganizationRecipient(TestContacts.OrgWithEmail)), Reminder(delayDays: 2, recipient: idporten)]);

        var receipt = await CreatedAsync(chain);

        var reminders = receipt["notification"]!["reminders"]!.AsArray();
        var idportenOrder = await JsonOf(await GetAsync($"{OrdersUrl}/{IdOf(reminders[1]!, "shipmentId")}"));
        Assert.That(idportenOrder["recipients"]![0]!["emailAddress"]!.GetValue<string>(), Is.EqualTo("login@example.com"));
        var person = await JsonOf(await GetAsync($"{OrdersUrl}/{IdOf(receipt["notification"]!, "shipmentId")}"));
        Assert.That(person["recipients"]![0]!["nationalIdentityNumber"]!.GetValue<string>(), Is.EqualTo(TestContacts.PersonWithEmailNin));
    }

    /// <summary>Altinn's own k6 data: preferred channels with both settings.</summary>
    [TestCase("EmailPreferred")]
    [TestCase("SmsPreferred")]
    public async Task Post_PreferredChannelsWithSmsSettings_AreAccepted(string channel)
    {
        var recipient = OrganizationRecipient(TestContacts.OrgWithEmail, channel);
        recipient["recipientOrganization"]!["smsSettings"] = new JsonObject { ["sender"] = "Altinn", ["body"] = "sms", ["sendingTimePolicy"] = "Daytime" };
        recipient["recipientOrganization"]!["resourceId"] = "urn:altinn:resource:ttd-test";
        recipient["recipientOrganization"]!["resourceAction"] = "read";

        await CreatedAsync(Chain(recipient: recipient));
    }

    [Test]
    public async Task Post_SenderAndDialogporten_AreStoredAndReturned()
    {
        var chain = Chain();
        chain["recipient"]!["recipientEmail"]!["emailSettings"]!["senderEmailAddress"] = "post@verified.example";
        chain["dialogportenAssociation"] = new JsonObject { ["dialogId"] = "d-1", ["transmissionId"] = "t-1" };

        var chainId = IdOf(await CreatedAsync(chain), "notificationOrderId");

        var read = await JsonOf(await GetAsync($"{Url}/{chainId}"));
        Assert.That(read["dialogportenAssociation"]!["dialogId"]!.GetValue<string>(), Is.EqualTo("d-1"));
        Assert.That(read["dialogportenAssociation"]!["transmissionId"]!.GetValue<string>(), Is.EqualTo("t-1"));
        var main = await JsonOf(await GetAsync($"{OrdersUrl}/{read["shipments"]![0]!["shipmentId"]!.GetValue<Guid>()}"));
        Assert.That(main["emailTemplate"]!["fromAddress"]!.GetValue<string>(), Is.EqualTo("post@verified.example"));
    }

    [TestCase("d-1", "t-1", TestName = "Get_DialogportenAssociation_WithBothIds_IsReturned")]
    [TestCase("d-1", null, TestName = "Get_DialogportenAssociation_WithOnlyADialogId_IsReturnedWithoutTransmissionId")]
    [TestCase(null, "t-1", TestName = "Get_DialogportenAssociation_WithOnlyATransmissionId_IsReturnedWithoutDialogId")]
    [TestCase(null, null, TestName = "Get_DialogportenAssociation_WithNeitherId_IsOmitted")]
    public async Task Get_DialogportenAssociation_IsReturnedAsGiven_ByTheReadAndTheCancel(string? dialogId, string? transmissionId)
    {
        var chain = Chain();
        chain["requestedSendTime"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        var given = new JsonObject();
        if (dialogId is not null)
        {
            given["dialogId"] = dialogId;
        }

        if (transmissionId is not null)
        {
            given["transmissionId"] = transmissionId;
        }

        chain["dialogportenAssociation"] = given;
        var chainId = IdOf(await CreatedAsync(chain), "notificationOrderId");

        var read = (JsonObject)await JsonOf(await GetAsync($"{Url}/{chainId}"));
        var cancelled = (JsonObject)await JsonOf(await Client.SendAsync(Request(HttpMethod.Put, $"{Url}/{chainId}/cancel", TestTokens.Bearer())));

        foreach (var answer in new[] { read, cancelled })
        {
            if (dialogId is null && transmissionId is null)
            {
                Assert.That(answer.ContainsKey("dialogportenAssociation"), Is.False, answer.ToJsonString());
                continue;
            }

            Assert.That(JsonNode.DeepEquals(answer["dialogportenAssociation"], given), Is.True, answer.ToJsonString());
        }
    }

    [Test]
    public async Task Get_WithoutDialogportenAssociation_OmitsIt()
    {
        var chainId = IdOf(await CreatedAsync(Chain()), "notificationOrderId");

        var read = (JsonObject)await JsonOf(await GetAsync($"{Url}/{chainId}"));

        Assert.That(read.ContainsKey("dialogportenAssociation"), Is.False, read.ToJsonString());
    }

    [Test]
    public async Task Chains_AreTheirCreatorsOnly()
    {
        var chain = Chain("shared-id");
        var mine = IdOf(await CreatedAsync(chain), "notificationOrderId");

        Assert.That((await GetAsync($"{Url}/{mine}", org: "digdir")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Client.SendAsync(Request(HttpMethod.Put, $"{Url}/{mine}/cancel", TestTokens.Bearer("digdir")))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        // The same idempotency id is another creator's own.
        var theirs = IdOf(await CreatedAsync(chain, org: "digdir"), "notificationOrderId");
        Assert.That(theirs, Is.Not.EqualTo(mine));
        Assert.That((await GetAsync($"{Url}/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await GetAsync($"{Url}/not-a-guid")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
