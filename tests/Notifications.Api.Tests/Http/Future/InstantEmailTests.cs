using System.Net;
using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>
/// <c>POST /future/orders/instant/email</c> with the Pickup provider: the receipt, validation, replays, conflicts,
/// creator isolation and what is stored. The SMTP and ACS classes beside it count sends where they leave us.
/// </summary>
public sealed class InstantEmailTests : InstantEmailTestBase
{
    private readonly string _pickupDirectory = Path.Combine(Path.GetTempPath(), $"notifications-instant-{Guid.NewGuid():N}");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Provider"] = "Pickup",
        ["Email:PickupDirectory"] = _pickupDirectory,
        ["Email:AllowedSenderDomains:0"] = "verified.example",
    };

    [SetUp]
    [OneTimeTearDown]
    public void DeletePickupDirectory()
    {
        if (Directory.Exists(_pickupDirectory))
        {
            Directory.Delete(_pickupDirectory, recursive: true);
        }
    }

    private IReadOnlyList<string> PickedUp() =>
        Directory.Exists(_pickupDirectory) ? Directory.GetFiles(_pickupDirectory, "*.eml").Select(f => Path.GetFileName(f)).ToList() : [];

    [Test]
    public async Task Post_WritesTheEmailUnderItsDerivedIdBeforeAnswering201_AndStoresACompletedInstantShipment()
    {
        var id = NewIdempotencyId();

        var (chainId, shipmentId) = await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id)));

        Assert.That(PickedUp(), Is.EqualTo(new[] { $"{EmailIdOf(id):D}.eml" }));
        var eml = await File.ReadAllTextAsync(Path.Combine(_pickupDirectory, $"{EmailIdOf(id):D}.eml"));
        Assert.That(eml, Does.Contain("To: ola@example.com").And.Contain("Subject: Hei").And.Contain("From: noreply@notifications.local"));
        Assert.That(await StoredEmailAsync(shipmentId), Is.EqualTo(("Instant", "Completed", EmailIdOf(id), "Succeeded", "")));
        Assert.That(await ScalarAsync<Guid>("SELECT chain_id FROM notifications.orders WHERE id = $1", shipmentId), Is.EqualTo(chainId));
        Assert.That(await ScalarAsync<string>("SELECT idempotency_id FROM notifications.order_chains WHERE id = $1", chainId), Is.EqualTo(id));
    }

    [Test]
    public async Task Post_WithoutSendersReference_OmitsItFromTheReceipt()
    {
        var response = await PostInstantAsync(InstantRequest(NewIdempotencyId(), sendersReference: null));

        await AssertReceiptAsync(response, sendersReference: null);
        Assert.That((await JsonOf(response))["notification"]!.AsObject().ContainsKey("sendersReference"), Is.False);
    }

    [Test]
    public async Task Post_WithAnAllowedSender_SendsFromIt()
    {
        var id = NewIdempotencyId();
        var body = InstantRequest(id);
        body["recipientEmail"]!["emailSettings"]!["senderEmailAddress"] = "post@verified.example";

        await AssertReceiptAsync(await PostInstantAsync(body));

        Assert.That(await File.ReadAllTextAsync(Path.Combine(_pickupDirectory, $"{EmailIdOf(id):D}.eml")), Does.Contain("From: post@verified.example"));
    }

    [Test]
    public async Task Post_SameBodyAgain_Replays200WithTheSameReceipt_AndSendsNothingMore()
    {
        var id = NewIdempotencyId();
        var first = await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id)));
        File.Delete(Path.Combine(_pickupDirectory, $"{EmailIdOf(id):D}.eml"));

        var replay = await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id)), replay: true);

        Assert.That(replay, Is.EqualTo(first));
        Assert.That(PickedUp(), Is.Empty, "a replay sends nothing");
        Assert.That(await StoredAsync(), Is.EqualTo((1L, 1L, 1L)));
    }

    [Test]
    public async Task Post_SameIdempotencyIdWithAnotherBody_Is409()
    {
        var id = NewIdempotencyId();
        await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id)));

        var response = await PostInstantAsync(InstantRequest(id, subject: "Another subject"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await response.Content.ReadAsStringAsync());
        Assert.That(await StoredAsync(), Is.EqualTo((1L, 1L, 1L)));
    }

    [Test]
    public async Task Post_SameIdempotencyIdFromAnotherCreator_CreatesItsOwnOrder()
    {
        var id = NewIdempotencyId();
        var ours = await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id)));

        var theirs = await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id), org: "digdir"));

        Assert.That(theirs.ChainId, Is.Not.EqualTo(ours.ChainId));
        Assert.That(theirs.ShipmentId, Is.Not.EqualTo(ours.ShipmentId));
        Assert.That(PickedUp(), Is.EquivalentTo(new[] { $"{EmailIdOf(id):D}.eml", $"{EmailIdOf(id, "digdir"):D}.eml" }));
        Assert.That(await ScalarAsync<string>("SELECT creator FROM notifications.orders WHERE id = $1", theirs.ShipmentId), Is.EqualTo("digdir"));
        Assert.That(await StoredAsync(), Is.EqualTo((2L, 2L, 2L)));
    }

    [Test]
    public async Task Post_ConcurrentDuplicates_SendOnce()
    {
        var id = NewIdempotencyId();

        await PostConcurrentDuplicatesAsync(InstantRequest(id));

        Assert.That(PickedUp(), Is.EqualTo(new[] { $"{EmailIdOf(id):D}.eml" }));
    }

    private static IEnumerable<TestCaseData> InvalidRequests()
    {
        TestCaseData Case(string key, string message, Action<JsonObject> change) =>
            new TestCaseData(key, message, change).SetArgDisplayNames(key, message);
        JsonNode Settings(JsonObject r) => r["recipientEmail"]!["emailSettings"]!;

        yield return Case("IdempotencyId", "IdempotencyId cannot be null or empty.", r => r.Remove("idempotencyId"));
        yield return Case("IdempotencyId", "IdempotencyId cannot be null or empty.", r => r["idempotencyId"] = "");
        yield return Case("IdempotencyId", "IdempotencyId must not be longer than 255 characters.", r => r["idempotencyId"] = new string('x', 256));
        yield return Case("IdempotencyId", "The idempotency id must not contain control characters.", r => r["idempotencyId"] = "case\u0001");
        yield return Case("RecipientEmail", "Email details cannot be null.", r => r.Remove("recipientEmail"));
        yield return Case("RecipientEmail.EmailSettings", "Email settings cannot be null.", r => r["recipientEmail"]!.AsObject().Remove("emailSettings"));
        yield return Case("RecipientEmail.EmailSettings.Subject", "The email subject cannot be empty.", r => Settings(r)["subject"] = "");
        yield return Case("RecipientEmail.EmailSettings.Subject", "The email subject must not be longer than 1000 characters.", r => Settings(r)["subject"] = new string('s', 1001));
        yield return Case("RecipientEmail.EmailSettings.Subject", "The subject must not contain control characters.", r => Settings(r)["subject"] = "Hei\u0007");
        yield return Case("RecipientEmail.EmailSettings.Body", "The email body cannot be empty.", r => Settings(r)["body"] = "");
        yield return Case("RecipientEmail.EmailSettings.Body", "The body must not contain control characters.", r => Settings(r)["body"] = "Body\u0000");
        yield return Case("RecipientEmail.EmailAddress", "Invalid email address format.", r => r["recipientEmail"]!["emailAddress"] = "not-an-address");
        yield return Case("RecipientEmail.EmailAddress", "Invalid email address format.", r => r["recipientEmail"]!.AsObject().Remove("emailAddress"));
        yield return Case("RecipientEmail.EmailAddress", "The email address must not contain control characters.", r => r["recipientEmail"]!["emailAddress"] = "ola@example.com\u000b");
        yield return Case("RecipientEmail.EmailSettings.SenderEmailAddress", "The sender email address is not valid.", r => Settings(r)["senderEmailAddress"] = "post@");
        yield return Case("RecipientEmail.EmailSettings.SenderEmailAddress", "The sender email address is not allowed.", r => Settings(r)["senderEmailAddress"] = "post@other.example");
        yield return Case("RecipientEmail.EmailSettings.SenderEmailAddress", "The sender email address must not contain control characters.", r => Settings(r)["senderEmailAddress"] = "post@verified.example\u0001");
        yield return Case("SendersReference", "The senders reference must not be longer than 100 characters.", r => r["sendersReference"] = new string('r', 101));
        yield return Case("SendersReference", "The senders reference must not contain control characters.", r => r["sendersReference"] = "ref\u001f");
    }

    [TestCaseSource(nameof(InvalidRequests))]
    public async Task Post_InvalidRequest_Is400NamingTheField_AndSendsNothing(string key, string message, Action<JsonObject> change)
    {
        var body = InstantRequest(NewIdempotencyId());
        change(body);

        var response = await PostInstantAsync(body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { key }), text);
        Assert.That(errors[key]!.AsArray().Select(m => m!.GetValue<string>()), Does.Contain(message));
        Assert.That(PickedUp(), Is.Empty);
        Assert.That(await StoredAsync(), Is.EqualTo((0L, 0L, 0L)));
    }

    [Test]
    public async Task Post_WithoutToken_Is401_AndAsTextIs415()
    {
        var anonymous = await Client.SendAsync(Request(HttpMethod.Post, InstantUrl, json: InstantRequest(NewIdempotencyId()).ToJsonString()));
        var text = Request(HttpMethod.Post, InstantUrl, TestTokens.Bearer());
        text.Content = new StringContent(InstantRequest(NewIdempotencyId()).ToJsonString(), System.Text.Encoding.UTF8, "text/plain");

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Client.SendAsync(text)).StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(PickedUp(), Is.Empty);
    }
}
