using System.Diagnostics;
using Notifications.Testing.Email.Acs;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// ACS polling, against the fake ACS over HTTP and PostgreSQL, with the default status-poll interval (10 s):
/// a <c>retry-after</c> on a read of a running operation is that operation's hint, not a reason to stop reading.
/// </summary>
public sealed class AcsPollingTests : PipelineTestBase
{
    private FakeAcsServer _acs = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Email:Provider"] = "AzureCommunicationServices",
        ["Email:Acs:ConnectionString"] = _acs.ConnectionString(),
    };

    protected override async Task BeforeHostStartsAsync() => _acs = await FakeAcsServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAcsAsync() => await _acs.DisposeAsync();

    /// <summary>The fake serves the whole fixture: a test counts only the status reads made since it started.</summary>
    private List<FakeAcsRequest> ReadsSince(int requestsBefore) => _acs.Requests.Skip(requestsBefore).Where(r => r.Method == "GET").ToList();

    [Test]
    public async Task HundredOperationsRunningOnceWithRetryAfter1_AllSucceedWithin30Seconds()
    {
        // The bug: the first hint paused the rest of the batch, so each 10-second run read one operation.
        _acs.DefaultOperationStatuses = [FakeAcsOperationStatus.Running with { RetryAfterSeconds = 1 }, FakeAcsOperationStatus.Succeeded];
        var before = _acs.Requests.Count;
        var clock = Stopwatch.StartNew();
        var orderId = await CreateOrderAsync(new
        {
            subject = "s",
            body = "b",
            recipients = Enumerable.Range(0, 100).Select(i => new { emailAddress = $"poll{i}@example.com" }).ToArray(),
        });

        long succeeded = 0;
        await WaitUntilAsync(
            async () => (succeeded = await ScalarAsync<long>(
                "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Succeeded'", orderId)) == 100,
            30,
            () => $"{succeeded} of 100 Succeeded");
        TestContext.Out.WriteLine($"100 operations Succeeded {clock.Elapsed.TotalSeconds:F1} s after the order");

        var reads = ReadsSince(before).GroupBy(r => r.Target).Select(g => g.Count()).ToList();
        Assert.That(reads, Has.Count.EqualTo(100));
        Assert.That(reads, Is.All.EqualTo(2), "each operation read twice: Running, then Succeeded");
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.provider_throttles"), Is.Zero, "a hint is not a pause");
    }

    [Test]
    public async Task A429OnAStatusRead_PausesReadsUntilItsRetryAfter_ThenEveryOperationSucceeds()
    {
        _acs.DefaultOperationStatuses = [FakeAcsOperationStatus.Succeeded];
        var before = _acs.Requests.Count;
        _acs.EnqueueStatusAnswers(FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(3)));
        var orderId = await CreateOrderAsync(new
        {
            subject = "s",
            body = "b",
            recipients = Enumerable.Range(0, 10).Select(i => new { emailAddress = $"paused{i}@example.com" }).ToArray(),
        });

        await WaitUntilAsync(
            async () => await ScalarAsync<long>(
                "SELECT count(*) FROM notifications.email_notifications WHERE order_id = $1 AND status = 'Succeeded'", orderId) == 10,
            60,
            () => "not every operation Succeeded after the pause");

        var reads = ReadsSince(before);
        var throttled = reads.Single(r => r.StatusCode == 429);
        Assert.That(reads.Where(r => r.ReceivedAt > throttled.ReceivedAt).Select(r => r.ReceivedAt - throttled.ReceivedAt),
            Is.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2.9)), "no status read during the pause");
        Assert.That(reads, Has.Count.EqualTo(11), "each operation read once after the pause");
    }
}
