using System.Net;
using System.Text.Json.Nodes;
using Notifications.Core.Orders.SendInstantEmail;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>A host whose email provider the subclass chooses, and what every instant email test asks of the answer and the database.</summary>
public abstract class InstantEmailTestBase : ApiTestBase
{
    public const string InstantUrl = "/notifications/api/v1/future/orders/instant/email";
    public const string FutureOrdersUrl = "/notifications/api/v1/future/orders";

    /// <summary>A fresh id per test: the peers outlive the database reset and dedupe by the derived ids.</summary>
    protected static string NewIdempotencyId() => $"instant-{Guid.NewGuid():N}";

    protected static JsonObject InstantRequest(
        string idempotencyId, string email = "ola@example.com", string subject = "Hei", string body = "Your case is ready.", string? sendersReference = "ref-1") => new()
    {
        ["idempotencyId"] = idempotencyId,
        ["sendersReference"] = sendersReference,
        ["recipientEmail"] = new JsonObject
        {
            ["emailAddress"] = email,
            ["emailSettings"] = new JsonObject { ["subject"] = subject, ["body"] = body, ["contentType"] = "Plain" },
        },
    };

    protected Task<HttpResponseMessage> PostInstantAsync(JsonNode body, string org = "ttd") =>
        Client.SendAsync(Request(HttpMethod.Post, InstantUrl, TestTokens.Bearer(org), json: body.ToJsonString()));

    /// <summary>The email's id as derived from the creator and the idempotency id: the provider's idempotency id.</summary>
    protected static Guid EmailIdOf(string idempotencyId, string org = "ttd") => InstantEmailPlan.IdOf("email", org, idempotencyId);

    /// <summary>Asserts a 201 (or, with <paramref name="replay"/>, a 200) receipt with its Location, and returns it.</summary>
    protected static async Task<(Guid ChainId, Guid ShipmentId)> AssertReceiptAsync(HttpResponseMessage response, bool replay = false, string? sendersReference = "ref-1")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(replay ? HttpStatusCode.OK : HttpStatusCode.Created), text);
        var json = JsonNode.Parse(text)!;
        var chainId = json["notificationOrderId"]!.GetValue<Guid>();
        var shipmentId = json["notification"]!["shipmentId"]!.GetValue<Guid>();
        Assert.That(json["notification"]!["sendersReference"]?.GetValue<string>(), Is.EqualTo(sendersReference));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo($"{FutureOrdersUrl}/{chainId}"));
        return (chainId, shipmentId);
    }

    protected static async Task AssertProviderUnavailableAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), text);
        var problem = JsonNode.Parse(text)!;
        Assert.That(problem["type"]!.GetValue<string>(), Is.EqualTo("urn:altinn:error:NOT-00004"));
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("NOT-00004"));
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("A temporary network failure occurred"));
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(503));
    }

    /// <summary>Rows in order_chains, orders and email_notifications.</summary>
    protected static async Task<(long Chains, long Orders, long Emails)> StoredAsync() => (
        await ScalarAsync<long>("SELECT count(*) FROM notifications.order_chains"),
        await ScalarAsync<long>("SELECT count(*) FROM notifications.orders"),
        await ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications"));

    /// <summary>The stored shipment and its email: order type and status, email id, status and operation id ("" for none).</summary>
    protected static async Task<(string Type, string OrderStatus, Guid EmailId, string EmailStatus, string OperationId)> StoredEmailAsync(Guid shipmentId) => (
        await ScalarAsync<string>("SELECT type FROM notifications.orders WHERE id = $1", shipmentId),
        await ScalarAsync<string>("SELECT processing_status FROM notifications.orders WHERE id = $1", shipmentId),
        await ScalarAsync<Guid>("SELECT id FROM notifications.email_notifications WHERE order_id = $1", shipmentId),
        await ScalarAsync<string>("SELECT status FROM notifications.email_notifications WHERE order_id = $1", shipmentId),
        await ScalarAsync<string>("SELECT coalesce(operation_id, '') FROM notifications.email_notifications WHERE order_id = $1", shipmentId));

    /// <summary>Sends <paramref name="count"/> identical requests at once; every answer must be the same receipt, exactly one of them a 201.</summary>
    protected async Task<(Guid ChainId, Guid ShipmentId)> PostConcurrentDuplicatesAsync(JsonNode body, int count = 8)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => PostInstantAsync(body))));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1), string.Join(", ", statuses));
        Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(count - 1), string.Join(", ", statuses));
        var receipts = new List<(Guid, Guid)>();
        foreach (var response in responses)
        {
            receipts.Add(await AssertReceiptAsync(response, replay: response.StatusCode == HttpStatusCode.OK));
        }

        Assert.That(receipts.Distinct().Count(), Is.EqualTo(1), "every answer names the same chain and shipment");
        Assert.That(await StoredAsync(), Is.EqualTo((1L, 1L, 1L)));
        return receipts[0];
    }
}
