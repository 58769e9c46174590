using System.Net;
using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Http;

/// <summary>Every 400 is a ValidationProblemDetails naming the field, with the exact messages of Altinn's v1 API.</summary>
public sealed class ValidationTests : ApiTestBase
{
    private static async Task<JsonObject> AssertBadRequestAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await JsonOf(response);
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("One or more validation errors occurred."));
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(400));
        Assert.That(problem["traceId"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
        return problem["errors"]!.AsObject();
    }

    private static void AssertOnlyError(JsonObject errors, string key, string message)
    {
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { key }), errors.ToJsonString());
        Assert.That(errors[key]!.AsArray().Select(m => m!.GetValue<string>()), Does.Contain(message));
    }

    internal static readonly object[] InvalidRequests =
    [
        new object[] { """{"body":"b","recipients":[{"emailAddress":"a@example.com"}]}""", "Subject", "The email template subject must not be empty." },
        new object[] { """{"subject":"","body":"b","recipients":[{"emailAddress":"a@example.com"}]}""", "Subject", "The email template subject must not be empty." },
        new object[] { """{"subject":"s","recipients":[{"emailAddress":"a@example.com"}]}""", "Body", "The email template body must not be empty." },
        new object[] { """{"subject":"s","body":"b"}""", "Recipients", "One or more recipient is required." },
        new object[] { """{"subject":"s","body":"b","recipients":[]}""", "Recipients", "One or more recipient is required." },
        new object[] { """{"subject":"s","body":"b","recipients":[{}]}""", "Recipients[0]", "Either a valid email address, organization number, or national identity number must be provided for each recipient." },
        new object[] { """{"subject":"s","body":"b","recipients":[{"emailAddress":"a@example.com"},{"emailAddress":"user@x..com"}]}""", "Recipients[1].EmailAddress", "Invalid email address format." },
        new object[] { """{"subject":"s","body":"b","recipients":[{"emailAddress":"a@b.com;c@d.com"}]}""", "Recipients[0].EmailAddress", "Invalid email address format." },
        new object[] { """{"subject":"s","body":"b","recipients":[{"nationalIdentityNumber":"1234567890"}]}""", "Recipients[0].NationalIdentityNumber", "National identity number must be 11 digits long." },
        new object[] { """{"subject":"s","body":"b","recipients":[{"organizationNumber":"12345678"}]}""", "Recipients[0].OrganizationNumber", "Organization number must be 9 digits long." },
        new object[] { """{"subject":"s","body":"b","recipients":[{"nationalIdentityNumber":"11876995923","emailAddress":"a@example.com"}]}""", "Recipients[0].NationalIdentityNumber", "National identity number cannot be combined with email address, mobile number, or organization number." },
        new object[] { """{"subject":"s","body":"b","recipients":[{"organizationNumber":"313600947","mobileNumber":"+4799999999"}]}""", "Recipients[0].OrganizationNumber", "Organization number cannot be combined with email address, mobile number, or national identity number." },
        new object[] { """{"subject":"s","body":"b","requestedSendTime":"2099-01-01T10:00:00","recipients":[{"emailAddress":"a@example.com"}]}""", "RequestedSendTime", "The requested send time value must have specified a time zone." },
        new object[] { """{"subject":"s","body":"b","requestedSendTime":"2020-01-01T10:00:00Z","recipients":[{"emailAddress":"a@example.com"}]}""", "RequestedSendTime", "Send time must be in the future. Leave blank to send immediately." },
        new object[] { """{"subject":"s","body":"b","conditionEndpoint":"not a url","recipients":[{"emailAddress":"a@example.com"}]}""", "ConditionEndpoint", "The condition endpoint must be a valid URL." },
        new object[] { """{"subject":"s","body":"b","conditionEndpoint":"ftp://example.com/x","recipients":[{"emailAddress":"a@example.com"}]}""", "ConditionEndpoint", "The condition endpoint must be a valid URL." },
    ];

    [TestCaseSource(nameof(InvalidRequests))]
    public async Task Post_WithInvalidField_Returns400NamingTheField(string json, string key, string message)
    {
        var errors = await AssertBadRequestAsync(await Client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(), json: json)));

        AssertOnlyError(errors, key, message);
    }

    [Test]
    public async Task Post_WithTooLongSubject_Returns400()
    {
        var errors = await AssertBadRequestAsync(await PostOrderAsync(new
        {
            subject = new string('s', 1001), body = "b", recipients = new[] { new { emailAddress = "a@example.com" } },
        }));

        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "Subject" }));
    }

    [TestCase("""{"subject":"s","body":"b","recipients":[{"emailAddress":"a@example.com"}""", "$")]
    [TestCase("""{"subject":"s","body":"b","contentType":"Markdown","recipients":[{"emailAddress":"a@example.com"}]}""", "$.contentType")]
    [TestCase("""{"subject":"s","body":"b","contentType":1,"recipients":[{"emailAddress":"a@example.com"}]}""", "$.contentType")]
    [TestCase("""{"subject":"s","body":"b","ignoreReservation":"yes","recipients":[{"emailAddress":"a@example.com"}]}""", "$.ignoreReservation")]
    [TestCase("""{"subject":"s","body":"b","recipients":{"emailAddress":"a@example.com"}}""", "$.recipients")]
    [TestCase("""{"subject":"s","body":"b","requestedSendTime":"tomorrow","recipients":[{"emailAddress":"a@example.com"}]}""", "$.requestedSendTime")]
    public async Task Post_WithUnreadableJson_Returns400NamingTheJsonPath(string json, string path)
    {
        var errors = await AssertBadRequestAsync(await Client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(), json: json)));

        Assert.That(errors.Select(e => e.Key).Single(), Does.StartWith(path));
    }

    [Test]
    public async Task Post_WithEmptyBody_Returns400()
    {
        var errors = await AssertBadRequestAsync(await Client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer(), json: "")));

        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "$" }));
    }

    [TestCase("PLAIN")]
    [TestCase("html")]
    public async Task Post_WithEnumInAnyCase_IsAccepted(string contentType)
    {
        var response = await PostOrderAsync(new { subject = "s", body = "b", contentType, recipients = new[] { new { emailAddress = "a@example.com" } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task Post_WithNonJsonContentType_Returns415ProblemDetails()
    {
        var request = Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer());
        request.Content = new StringContent("subject=s", System.Text.Encoding.UTF8, "text/plain");

        var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Post_WithTooLongIdempotencyKey_Returns400KeyedByTheHeader()
    {
        var errors = await AssertBadRequestAsync(await PostOrderAsync(EmailOrder(), idempotencyKey: new string('k', 256)));

        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "Idempotency-Key" }));
    }

    [Test]
    public async Task FindBySendersReference_WithoutParameter_Returns400()
    {
        var errors = await AssertBadRequestAsync(await GetAsync(OrdersUrl));

        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "sendersReference" }));
        await AssertBadRequestAsync(await GetAsync(OrdersUrl + "?sendersReference="));
    }
}
