using Notifications.Testing.Email.Acs;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>
/// Instant emails through Azure Communication Services (a fake on loopback that checks signatures), counted by the
/// POSTs that carried their Operation-Id.
/// </summary>
public sealed class InstantEmailAcsTests : InstantEmailTestBase
{
    private FakeAcsServer _acs = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Provider"] = "AzureCommunicationServices",
        ["Email:Acs:ConnectionString"] = _acs.ConnectionString(),
        ["Email:Acs:DeliveryReportKey"] = "report-key-for-tests",
    };

    protected override async Task BeforeHostStartsAsync() => _acs = await FakeAcsServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAcsAsync() => await _acs.DisposeAsync();

    [SetUp]
    public void ResetAcs()
    {
        _acs.Latency = TimeSpan.Zero;
        _acs.AnswerDelay = TimeSpan.Zero;
        _acs.AnswerWith = null;
    }

    [Test]
    public async Task Post_IsAcceptedByAcsBeforeThe201_AndStaysSendingWithItsOperationForTheStatusPoller()
    {
        var id = NewIdempotencyId();
        var operationId = EmailIdOf(id).ToString();

        var (_, shipmentId) = await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id)));

        Assert.That(_acs.SendAttempts(operationId), Is.EqualTo(1));
        var email = _acs.Emails.Single(e => e.OperationId.Equals(operationId, StringComparison.OrdinalIgnoreCase));
        Assert.That((email.Subject, email.PlainText, email.SenderAddress), Is.EqualTo(("Hei", "Your case is ready.", "noreply@notifications.local")));
        Assert.That(email.To, Is.EqualTo(new[] { "ola@example.com" }));
        var stored = await StoredEmailAsync(shipmentId);
        Assert.That((stored.Type, stored.OrderStatus, stored.EmailId, stored.EmailStatus), Is.EqualTo(("Instant", "Processed", EmailIdOf(id), "Sending")));
        Assert.That(stored.OperationId, Is.EqualTo(operationId).IgnoreCase);
        Assert.That(
            await ScalarAsync<bool>(
                "SELECT claim_token IS NULL AND lease_expires_at IS NULL AND next_attempt_at > now() FROM notifications.email_notifications WHERE order_id = $1",
                shipmentId),
            Is.True,
            "no lease, first status poll still ahead");
    }

    [Test]
    public async Task Post_DeliveryReportArrivingWhileAcsAnswersTheSend_IsAppliedWhenTheEmailIsStored()
    {
        _acs.AnswerDelay = TimeSpan.FromSeconds(2);
        var id = NewIdempotencyId();
        var operationId = EmailIdOf(id).ToString();
        var posting = PostInstantAsync(InstantRequest(id));
        await WaitUntilAsync(() => Task.FromResult(_acs.SendAttempts(operationId) == 1), 10, () => "the send did not reach ACS");

        // ACS has the email but has not answered: nothing is stored yet, the report is kept for later.
        var report = await Client.SendAsync(Request(
            HttpMethod.Post, AcsPipelineTests.ReportUrl("report-key-for-tests"), json: AcsPipelineTests.ReportJson(operationId, "Delivered")));
        Assert.That(report.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.email_notifications WHERE id = $1", EmailIdOf(id)), Is.Zero);

        var (_, shipmentId) = await AssertReceiptAsync(await posting);

        Assert.That((await StoredEmailAsync(shipmentId)).EmailStatus, Is.EqualTo("Delivered"), "applied by the commit that stored the email");
    }

    [Test]
    public async Task Post_ConcurrentDuplicatesWhileAcsIsSlow_PostToAcsOnce()
    {
        _acs.Latency = TimeSpan.FromMilliseconds(500);
        var id = NewIdempotencyId();

        await PostConcurrentDuplicatesAsync(InstantRequest(id));

        Assert.That(_acs.SendAttempts(EmailIdOf(id).ToString()), Is.EqualTo(1));
    }

    [Test]
    public async Task Post_AcsServerError_Is503WithNothingStored_ThenTheRetryIsSentOnceUnderTheSameOperationId()
    {
        var id = NewIdempotencyId();
        var operationId = EmailIdOf(id).ToString();
        _acs.EnqueueSendAnswers(FakeAcsAnswer.ServerError(503));

        await AssertProviderUnavailableAsync(await PostInstantAsync(InstantRequest(id)));

        Assert.That(await StoredAsync(), Is.EqualTo((0L, 0L, 0L)));
        Assert.That(_acs.EmailsCreated(operationId), Is.EqualTo(0));

        await AssertReceiptAsync(await PostInstantAsync(InstantRequest(id)));

        Assert.That(_acs.SendAttempts(operationId), Is.EqualTo(2), "the refused POST and the retry, both under the derived Operation-Id");
        Assert.That(_acs.EmailsCreated(operationId), Is.EqualTo(1));
        Assert.That(await StoredAsync(), Is.EqualTo((1L, 1L, 1L)));
    }

    [Test]
    public async Task Post_AcsThrottling_Is503WithNothingStored()
    {
        var id = NewIdempotencyId();
        _acs.EnqueueSendAnswers(FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(1)));

        await AssertProviderUnavailableAsync(await PostInstantAsync(InstantRequest(id)));

        Assert.That(await StoredAsync(), Is.EqualTo((0L, 0L, 0L)));
        Assert.That(_acs.EmailsCreated(EmailIdOf(id).ToString()), Is.EqualTo(0));
    }
}
