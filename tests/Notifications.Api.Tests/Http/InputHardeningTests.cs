using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Http;

/// <summary>Bad input is a 400, always, request by request, with the exact answers.</summary>
public sealed class InputHardeningTests : ApiTestBase
{
    private const string ValidBody = """{"subject":"s","body":"b","recipients":[{"emailAddress":"a@example.com"}]}""";

    private Task<HttpResponseMessage> PostRawAsync(byte[] body, string contentType, string? idempotencyKey = null)
    {
        var request = Request(HttpMethod.Post, EmailOrdersUrl, TestTokens.Bearer());
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string json, string? idempotencyKey = null) =>
        PostRawAsync(Encoding.UTF8.GetBytes(json), "application/json", idempotencyKey);

    private static async Task<JsonObject> ErrorsOf(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await JsonOf(response);
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("One or more validation errors occurred."));
        return problem["errors"]!.AsObject();
    }

    private static void AssertOnly(JsonObject errors, string key, string message)
    {
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { key }), errors.ToJsonString());
        Assert.That(errors[key]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { message }));
    }

    [TestCase("subject", "Subject", "The subject must not contain control characters.")]
    [TestCase("body", "Body", "The body must not contain control characters.")]
    [TestCase("sendersReference", "SendersReference", "The senders reference must not contain control characters.")]
    [TestCase("resourceId", "ResourceId", "The resource id must not contain control characters.")]
    public async Task Post_WithNulInAField_Returns400NamingTheField(string field, string key, string message)
    {
        var body = JsonNode.Parse(ValidBody)!.AsObject();
        body[field] = "before\0after";

        AssertOnly(await ErrorsOf(await PostJsonAsync(body.ToJsonString())), key, message);
    }

    [Test]
    public async Task Post_WithTabsAndLineBreaksInTheBody_IsAccepted()
    {
        var response = await PostJsonAsync("""{"subject":"s","body":"Hei,\r\n\tlinje to\n","recipients":[{"emailAddress":"a@example.com"}]}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task Post_WithAControlCharacterInTheIdempotencyKey_Returns400KeyedByTheHeader()
    {
        var response = await PostJsonAsync(ValidBody, idempotencyKey: "key\x01one");

        AssertOnly(await ErrorsOf(response), "Idempotency-Key", "The Idempotency-Key header must not contain control characters.");
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders"), Is.Zero);
    }

    [Test]
    public async Task FindBySendersReference_WithAControlCharacter_Returns400NamingTheParameter()
    {
        var errors = await ErrorsOf(await GetAsync($"{OrdersUrl}?sendersReference=ref%00"));

        AssertOnly(errors, "sendersReference", "The senders reference must not contain control characters.");
    }

    [Test]
    public async Task Post_With8MegabytesOfEmptyRecipients_Returns400KeyedRecipientsQuicklyAndWithoutGrowingMemory()
    {
        var json = "{\"subject\":\"a\",\"body\":\"b\",\"recipients\":[" + string.Join(',', Enumerable.Repeat("{}", 2_796_000)) + "]}";
        var body = Encoding.UTF8.GetBytes(json);
        json = "";
        using var process = Process.GetCurrentProcess();
        var peakBefore = process.PeakWorkingSet64;
        var watch = Stopwatch.StartNew();

        var response = await PostRawAsync(body, "application/json");

        watch.Stop();
        process.Refresh();
        var answer = await response.Content.ReadAsStringAsync();
        AssertOnly(await ErrorsOf(response), "Recipients", "An order can have at most 100000 recipients.");
        TestContext.Out.WriteLine($"8 MB of {{}}: {watch.Elapsed.TotalMilliseconds:0} ms, peak working set +{(process.PeakWorkingSet64 - peakBefore) / 1024 / 1024} MB, answer {answer.Length} chars");
        Assert.That(answer.Length, Is.LessThan(100_000));
        // Generous bounds on a shared 2-core machine; before the fix: 33-94 s and +5.6 GB.
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(process.PeakWorkingSet64 - peakBefore, Is.LessThan(256L * 1024 * 1024));
    }

    [Test]
    public async Task Post_With100000EmptyRecipients_ListsTheFirstHundredFailures()
    {
        var json = "{\"subject\":\"a\",\"body\":\"b\",\"recipients\":[" + string.Join(',', Enumerable.Repeat("{}", 100_000)) + "]}";

        var response = await PostJsonAsync(json);

        var answer = await response.Content.ReadAsStringAsync();
        var errors = await ErrorsOf(response);
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(Enumerable.Range(0, 100).Select(i => $"Recipients[{i}]")));
        Assert.That(answer.Length, Is.LessThan(100_000));
    }

    [Test]
    public async Task Post_WithADuplicateProperty_Returns400NamingItsPath()
    {
        var errors = await ErrorsOf(await PostJsonAsync("""{"subject":"s","body":"b","Subject":"t","recipients":[{"emailAddress":"a@example.com"}]}"""));

        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "$.Subject" }));
        Assert.That(errors["$.Subject"]![0]!.GetValue<string>(), Does.StartWith("The property appears more than once; each may be given only once."));
    }

    [Test]
    public async Task Post_WithUtf16Charset_IsReadCorrectly()
    {
        var response = await PostRawAsync(Encoding.Unicode.GetBytes(ValidBody.Replace("\"s\"", "\"Søknad\"")), "application/json; charset=utf-16");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var order = await JsonOf(await GetAsync(response.Headers.Location!.ToString()));
        Assert.That(order["emailTemplate"]!["subject"]!.GetValue<string>(), Is.EqualTo("Søknad"));
    }

    [Test]
    public async Task Post_WithBytesThatAreNotUtf16UnderAUtf16Charset_Returns400()
    {
        var body = Encoding.Unicode.GetBytes(ValidBody).Concat(new byte[] { 0x00, 0xD8, 0x7D }).ToArray();

        var errors = await ErrorsOf(await PostRawAsync(body, "application/json; charset=utf-16"));

        AssertOnly(errors, "$", "The body is not valid text in the charset its Content-Type names.");
    }

    [TestCase("application/json; charset=latin1")]
    [TestCase("application/json; charset=iso-8859-1")]
    [TestCase("application/json; charset=utf-32")]
    [TestCase("application/json; charset=no-such-charset")]
    public async Task Post_WithACharsetOtherThanUtf8OrUtf16_Returns415ProblemDetails(string contentType)
    {
        var response = await PostRawAsync(Encoding.UTF8.GetBytes(ValidBody), contentType);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("""{"subject":"\uD800","body":"b","recipients":[{"emailAddress":"a@example.com"}]}""", "$.subject")]
    [TestCase("""{"subject":"s","body":"b","recipients":[{"emailAddress":"a@example.com"}]}x""", "$")]
    [TestCase("""{"subject":"s","body":"b","ignoreReservation":1e999,"recipients":[{"emailAddress":"a@example.com"}]}""", "$.ignoreReservation")]
    [TestCase("""{"subject":"s","body":"b","recipients":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}""", "$.recipients")]
    public async Task Post_WithUnreadableJson_Returns400NamingTheJsonPath(string json, string path)
    {
        var errors = await ErrorsOf(await PostJsonAsync(json));

        Assert.That(errors.Select(e => e.Key).Single(), Does.StartWith(path));
    }
}
