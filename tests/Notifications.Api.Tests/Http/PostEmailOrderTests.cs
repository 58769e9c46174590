using System.Net;
using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Http;

public sealed class PostEmailOrderTests : ApiTestBase
{
    [Test]
    public async Task Post_WithEmailRecipient_Returns202WithLocationThatResolves()
    {
        var response = await PostOrderAsync(EmailOrder(sendersReference: "ref-1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var body = await JsonOf(response);
        var orderId = body["orderId"]!.GetValue<Guid>();
        Assert.That(body["recipientLookup"], Is.Null, "recipientLookup is omitted when every recipient is an email address");
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"{Client.BaseAddress!.ToString().TrimEnd('/')}{OrdersUrl}/{orderId}"));

        var order = await JsonOf(await GetAsync(response.Headers.Location.ToString()));
        Assert.That(order["id"]!.GetValue<Guid>(), Is.EqualTo(orderId));
        Assert.That(order["creator"]!.GetValue<string>(), Is.EqualTo("ttd"));
        Assert.That(order["sendersReference"]!.GetValue<string>(), Is.EqualTo("ref-1"));
        Assert.That(order["notificationChannel"]!.GetValue<string>(), Is.EqualTo("Email"));
        Assert.That(order["recipients"]!.AsArray().Single()!["emailAddress"]!.GetValue<string>(), Is.EqualTo("user@example.com"));
        Assert.That(order["emailTemplate"]!["subject"]!.GetValue<string>(), Is.EqualTo("Hello"));
        Assert.That(order["emailTemplate"]!["contentType"]!.GetValue<string>(), Is.EqualTo("Plain"));
        Assert.That(order["emailTemplate"]!["fromAddress"]!.GetValue<string>(), Is.EqualTo("noreply@notifications.local"));
        Assert.That(order["links"]!["status"]!.GetValue<string>(), Does.EndWith($"{OrdersUrl}/{orderId}/status"));
    }

    [Test]
    public async Task Post_ReturnsOnlyAfterTheOrderIsCommitted()
    {
        var response = await PostOrderAsync(EmailOrder());
        var orderId = (await JsonOf(response))["orderId"]!.GetValue<Guid>();

        Assert.That(await ScalarAsync<string>("SELECT processing_status FROM notifications.orders WHERE id = $1", orderId), Is.EqualTo("Registered"));
    }

    [Test]
    public async Task Post_WithNinOfReservedPerson_ListsItInIsReserved()
    {
        var response = await PostOrderAsync(new
        {
            subject = "s",
            body = "b",
            recipients = new object[]
            {
                new { emailAddress = "a@example.com" },
                new { nationalIdentityNumber = TestContacts.ReservedNin },
                new { organizationNumber = TestContacts.OrgWithEmail },
            },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var lookup = (await JsonOf(response))["recipientLookup"]!;
        Assert.That(lookup["status"]!.GetValue<string>(), Is.EqualTo("PartialSuccess"));
        Assert.That(lookup["isReserved"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { TestContacts.ReservedNin }));
        Assert.That(lookup["missingContact"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Post_WithNoReachableRecipients_IsAcceptedWithLookupFailed()
    {
        var response = await PostOrderAsync(new
        {
            subject = "s",
            body = "b",
            recipients = new object[]
            {
                new { nationalIdentityNumber = TestContacts.UnknownNin },
                new { nationalIdentityNumber = TestContacts.PersonWithoutEmailNin },
                new { organizationNumber = TestContacts.OrgWithoutEmail },
            },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var lookup = (await JsonOf(response))["recipientLookup"]!;
        Assert.That(lookup["status"]!.GetValue<string>(), Is.EqualTo("Failed"));
        Assert.That(
            lookup["missingContact"]!.AsArray().Select(n => n!.GetValue<string>()),
            Is.EquivalentTo(new[] { TestContacts.UnknownNin, TestContacts.PersonWithoutEmailNin, TestContacts.OrgWithoutEmail }));
    }

    [Test]
    public async Task Post_WithReservedPersonAndIgnoreReservation_SucceedsButStillListsReservation()
    {
        var response = await PostOrderAsync(new
        {
            subject = "s",
            body = "b",
            ignoreReservation = true,
            recipients = new object[] { new { nationalIdentityNumber = TestContacts.ReservedNin } },
        });

        var lookup = (await JsonOf(response))["recipientLookup"]!;
        Assert.That(lookup["status"]!.GetValue<string>(), Is.EqualTo("Success"));
        Assert.That(lookup["isReserved"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Post_WithAllOptionalFields_StoresThemAsGiven()
    {
        var sendTime = new DateTimeOffset(2099, 1, 2, 10, 0, 0, TimeSpan.FromHours(2));
        var response = await PostOrderAsync(new
        {
            subject = "Subject $recipientName$",
            body = "<p>Hi</p>",
            contentType = "html",
            requestedSendTime = sendTime,
            sendersReference = "case-42",
            resourceId = "app_ttd_apps-test",
            ignoreReservation = true,
            conditionEndpoint = "https://conditions.example/check?id=1",
            recipients = new object[] { new { emailAddress = "a@example.com" } },
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var raw = await (await GetAsync(response.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        var order = JsonNode.Parse(raw)!;
        Assert.That(order["requestedSendTime"]!.GetValue<string>(), Is.EqualTo("2099-01-02T08:00:00Z"));
        Assert.That(order["emailTemplate"]!["contentType"]!.GetValue<string>(), Is.EqualTo("Html"));
        Assert.That(order["resourceId"]!.GetValue<string>(), Is.EqualTo("app_ttd_apps-test"));
        Assert.That(order["ignoreReservation"]!.GetValue<bool>(), Is.True);
        Assert.That(order["conditionEndpoint"]!.GetValue<string>(), Is.EqualTo("https://conditions.example/check?id=1"));
    }

    [Test]
    public async Task Post_WithDuplicateRecipients_StoresEachOnce()
    {
        var response = await PostOrderAsync(new
        {
            subject = "s",
            body = "b",
            recipients = new object[]
            {
                new { emailAddress = "Same@Example.com" },
                new { emailAddress = "same@example.com" },
                new { nationalIdentityNumber = TestContacts.PersonWithEmailNin },
                new { nationalIdentityNumber = TestContacts.PersonWithEmailNin },
            },
        });

        var order = await JsonOf(await GetAsync(response.Headers.Location!.ToString()));
        Assert.That(order["recipients"]!.AsArray(), Has.Count.EqualTo(2));
    }
}
