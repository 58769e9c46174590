using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Notifications.Integrations.Email.Acs;

namespace Notifications.Integrations.Tests.Email.Acs;

/// <summary>The HMAC-SHA256 request signing (docs/architecture.md#contracts), against known answers.</summary>
public sealed class AcsHmacSigningTests
{
    private const string Key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private const string PostBody =
        "{\"senderAddress\":\"DoNotReply@contoso.com\",\"content\":{\"subject\":\"Hi\",\"plainText\":\"Hello\"},\"recipients\":{\"to\":[{\"address\":\"a@b.com\"}]}}";
    private const string EmptyHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    private static readonly DateTimeOffset Date = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void ComputeSignature_ForTheSpecsPost_GivesTheKnownContentHashAndSignature()
    {
        var uri = new Uri("https://contoso.communication.azure.com/emails:send?api-version=2023-03-31");

        var contentHash = AcsHmacSigningHandler.ContentHash(Encoding.UTF8.GetBytes(PostBody));
        var signature = AcsHmacSigningHandler.ComputeSignature(
            AcsHmacSigningHandler.StringToSign("POST", uri, "Tue, 01 Jul 2025 12:00:00 GMT", contentHash), Convert.FromBase64String(Key));

        Assert.That(contentHash, Is.EqualTo("yHLDTGIdASb0iJchvQei9E/Ba0Q245RCW6azN99r3KY="));
        Assert.That(signature, Is.EqualTo("1XhOwgJ7MzFHt7gK4S16l9jDMxHvsSf+OLbJWxi9c9w="));
    }

    [Test]
    public void Sign_ThePost_SetsTheThreeHeadersWithTheKnownValues()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://contoso.communication.azure.com/emails:send?api-version=2023-03-31");

        AcsHmacSigningHandler.Sign(request, Encoding.UTF8.GetBytes(PostBody), Date, Convert.FromBase64String(Key));

        Assert.That(Header(request, "x-ms-date"), Is.EqualTo("Tue, 01 Jul 2025 12:00:00 GMT"));
        Assert.That(Header(request, "x-ms-content-sha256"), Is.EqualTo("yHLDTGIdASb0iJchvQei9E/Ba0Q245RCW6azN99r3KY="));
        Assert.That(Header(request, "Authorization"), Is.EqualTo(
            "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=1XhOwgJ7MzFHt7gK4S16l9jDMxHvsSf+OLbJWxi9c9w="));
    }

    [Test]
    public void Sign_TheSpecsGetWithoutBody_GivesTheEmptyHashAndTheKnownSignature()
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get, "https://contoso.communication.azure.com/emails/operations/8540c0de-899f-5cce-acb5-3ec493af3800?api-version=2023-03-31");

        AcsHmacSigningHandler.Sign(request, [], Date, Convert.FromBase64String(Key));

        Assert.That(Header(request, "x-ms-content-sha256"), Is.EqualTo(EmptyHash));
        Assert.That(Header(request, "Authorization"), Does.EndWith("&Signature=bLQpLWRdQbsKBvjp1R1HOBsXq/p51y1e+FPJJsbVH5g="));
    }

    [Test]
    public void Sign_AgainWithALaterDate_ReplacesTheHeadersInsteadOfAddingToThem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://contoso.communication.azure.com/emails/operations/x?api-version=2023-03-31");
        var key = Convert.FromBase64String(Key);

        AcsHmacSigningHandler.Sign(request, [], Date, key);
        var first = Header(request, "Authorization");
        AcsHmacSigningHandler.Sign(request, [], Date.AddSeconds(1), key);

        Assert.That(request.Headers.GetValues("x-ms-date").Single(), Is.EqualTo("Tue, 01 Jul 2025 12:00:01 GMT"));
        Assert.That(request.Headers.GetValues("Authorization").Single(), Is.Not.EqualTo(first));
    }

    [TestCase("https://contoso.communication.azure.com/emails:send?api-version=1", "contoso.communication.azure.com")]
    [TestCase("https://contoso.communication.azure.com:443/emails:send?api-version=1", "contoso.communication.azure.com")]
    [TestCase("http://127.0.0.1:80/emails:send?api-version=1", "127.0.0.1")]
    [TestCase("http://127.0.0.1:5099/emails:send?api-version=1", "127.0.0.1:5099")]
    public void StringToSign_NamesThePortOnlyWhenItIsNotTheDefault(string url, string host)
    {
        var stringToSign = AcsHmacSigningHandler.StringToSign("post", new Uri(url), "D", "H");

        Assert.That(stringToSign, Is.EqualTo($"POST\n/emails:send?api-version=1\nD;{host};H"));
    }

    [Test]
    public void FormatDate_WithAnOffset_WritesTheUtcTime()
    {
        var date = new DateTimeOffset(2025, 7, 1, 14, 0, 0, TimeSpan.FromHours(2));

        Assert.That(AcsHmacSigningHandler.FormatDate(date), Is.EqualTo("Tue, 01 Jul 2025 12:00:00 GMT"));
    }

    [Test]
    public async Task Handler_WithContentWrittenOnTheFly_HashesExactlyTheBytesItSends()
    {
        var clock = new FixedClock(Date);
        var inner = new CapturingHandler();
        using var client = new HttpClient(new AcsHmacSigningHandler(AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com;accesskey={Key}"), clock)
        {
            InnerHandler = inner,
        });

        // JsonContent serialises while it is sent, so the handler has to pin the bytes down first.
        using var response = await client.PostAsync(
            "https://contoso.communication.azure.com/emails:send?api-version=2023-03-31", JsonContent.Create(new { subject = "Blåbærsyltetøy" }));

        var sent = inner.Requests.Single();
        Assert.That(sent.Headers["x-ms-content-sha256"], Is.EqualTo(AcsHmacSigningHandler.ContentHash(sent.Body)));
        Assert.That(JsonDocument.Parse(sent.Body).RootElement.GetProperty("subject").GetString(), Is.EqualTo("Blåbærsyltetøy"));
        Assert.That(sent.Headers["Content-Type"], Does.StartWith("application/json"));
        Assert.That(sent.Headers["x-ms-date"], Is.EqualTo("Tue, 01 Jul 2025 12:00:00 GMT"));
    }

    [Test]
    public async Task Handler_SendingTheSameRequestAgain_SignsItAfreshWithTheNewTime()
    {
        var clock = new FixedClock(Date);
        var inner = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new AcsHmacSigningHandler(AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com;accesskey={Key}"), clock)
        {
            InnerHandler = inner,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://contoso.communication.azure.com/emails:send?api-version=2023-03-31")
        {
            Content = new StringContent(PostBody, Encoding.UTF8, "application/json"),
        };

        // What a retry layer above the handler does: the same message, sent twice.
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        clock.Now = Date.AddMinutes(1);
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        Assert.That(inner.Requests[0].Headers["Authorization"], Does.EndWith("Signature=1XhOwgJ7MzFHt7gK4S16l9jDMxHvsSf+OLbJWxi9c9w="));
        Assert.That(inner.Requests[1].Headers["x-ms-date"], Is.EqualTo("Tue, 01 Jul 2025 12:01:00 GMT"));
        Assert.That(inner.Requests[1].Headers["Authorization"], Is.Not.EqualTo(inner.Requests[0].Headers["Authorization"]));
        Assert.That(inner.Requests[1].Body, Is.EqualTo(Encoding.UTF8.GetBytes(PostBody)));
    }

    private static string Header(HttpRequestMessage request, string name) => string.Join(",", request.Headers.GetValues(name));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed record CapturedRequest(Dictionary<string, string> Headers, byte[] Body);

    /// <summary>Stands in for the network: keeps what would have been sent and answers 202.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<CapturedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            Requests.Add(new CapturedRequest(headers, body));
            return new HttpResponseMessage(HttpStatusCode.Accepted);
        }
    }
}
