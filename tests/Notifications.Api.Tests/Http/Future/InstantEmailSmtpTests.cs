using Notifications.Testing.Email;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>Instant emails through the SMTP provider to a real SMTP server on loopback, counted by their Message-IDs.</summary>
public sealed class InstantEmailSmtpTests : InstantEmailTestBase
{
    private SmtpSink _sink = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Provider"] = "Smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
    };

    protected override async Task BeforeHostStartsAsync() => _sink = await SmtpSink.StartAsync();

    [OneTimeTearDown]
    public async Task StopSinkAsync() => await _sink.DisposeAsync();

    private List<ReceivedEmail> Received(string idempotencyId) =>
        _sink.Messages().Where(m => m.Message.MessageId == $"{EmailIdOf(idempotencyId):N}@notifications").ToList();

    [Test]
    public async Task Post_IsAtTheSmtpServerBeforeThe201_UnderItsDerivedMessageId()
    {
        var id = NewIdempotencyId();

        var (_, shipmentId) = await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id, email: "kari@example.com")));

        var email = Received(id).Single();
        Assert.That(email.RcptTos, Is.EqualTo(new[] { "kari@example.com" }));
        Assert.That(email.Message.Subject, Is.EqualTo("Hei"));
        Assert.That(email.Message.TextBody!.Trim(), Is.EqualTo("Your case is ready."));
        Assert.That(await StoredEmailAsync(shipmentId), Is.EqualTo(("Instant", "Completed", EmailIdOf(id), "Succeeded", "")));
    }

    [Test]
    public async Task Post_ConcurrentDuplicates_ReachTheServerOnce()
    {
        var id = NewIdempotencyId();

        await PostConcurrentDuplicatesAsync(InstantRequest(id));

        Assert.That(Received(id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Post_RecipientRefusedByTheServer_Is503WithNothingStored()
    {
        var id = NewIdempotencyId();

        await AssertProviderUnavailableAsync(await PostInstantAsync(InstantRequest(id, email: "reject-me@example.com")));

        Assert.That(await StoredAsync(), Is.EqualTo((0L, 0L, 0L)));
        Assert.That(Received(id), Is.Empty);
    }

    [Test]
    public async Task Post_TemporaryRefusal_Is503WithNothingStored_AndAnotherRequestMayUseTheIdAfterwards()
    {
        var id = NewIdempotencyId();
        await AssertProviderUnavailableAsync(await PostInstantAsync(InstantRequest(id, email: "tempfail-me@example.com")));
        Assert.That(await StoredAsync(), Is.EqualTo((0L, 0L, 0L)));

        // The refused attempt left no reservation behind: a corrected request under the same id is sent.
        await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id, email: "kari@example.com")));

        Assert.That(Received(id), Has.Count.EqualTo(1));
    }
}
