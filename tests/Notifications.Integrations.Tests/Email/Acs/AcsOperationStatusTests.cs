using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Testing.Email.Acs;

namespace Notifications.Integrations.Tests.Email.Acs;

/// <summary>Reading send operations from <see cref="FakeAcsServer"/> through the provider's <see cref="IEmailOperationTracker"/>.</summary>
public sealed class AcsOperationStatusTests
{
    private FakeAcsServer _fake = null!;

    [SetUp]
    public async Task StartFake() => _fake = await FakeAcsServer.StartAsync();

    [TearDown]
    public async Task StopFake() => await _fake.DisposeAsync();

    [Test]
    public async Task GetStatus_OfASentEmail_IsPendingWhileRunningThenSucceeded()
    {
        await using var host = AcsClientHost.For(_fake);
        var accepted = await host.SendAsync(TestEmails.Create());

        var first = await host.Tracker.GetStatusAsync(accepted.OperationId!, CancellationToken.None);
        var second = await host.Tracker.GetStatusAsync(accepted.OperationId!, CancellationToken.None);

        Assert.That(first.State, Is.EqualTo(OperationState.Pending));
        Assert.That(second.State, Is.EqualTo(OperationState.Succeeded));
        var read = _fake.Requests[^1];
        Assert.That(read.Method, Is.EqualTo("GET"));
        Assert.That(read.Target, Is.EqualTo($"/emails/operations/{accepted.OperationId}?api-version=2023-03-31"));
        Assert.That(read.Rejection, Is.Null);
    }

    [TestCase("NotStarted")]
    [TestCase("Running")]
    public async Task GetStatus_NotFinished_IsPending(string status)
    {
        _fake.SetOperationStatuses("op-1", new FakeAcsOperationStatus(status));
        await using var host = AcsClientHost.For(_fake);

        var result = await host.Tracker.GetStatusAsync("op-1", CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(OperationState.Pending));
    }

    [TestCase("EmailDroppedAllRecipientsSuppressed", null, EmailNotificationStatus.Failed_SupressedRecipient)]
    [TestCase("BadRequest", "Invalid format for email address 'x'.", EmailNotificationStatus.Failed_InvalidEmailFormat)]
    [TestCase("InternalError", null, EmailNotificationStatus.Failed)]
    public async Task GetStatus_OfAFailedOperation_MapsItsError(string code, string? message, EmailNotificationStatus expected)
    {
        _fake.SetOperationStatuses("op-2", FakeAcsOperationStatus.Failed(code, message));
        await using var host = AcsClientHost.For(_fake);

        var result = await host.Tracker.GetStatusAsync("op-2", CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(OperationState.Failed));
        Assert.That(result.FailureStatus, Is.EqualTo(expected));
        Assert.That(result.Reason, Does.Contain(code));
    }

    [Test]
    public async Task GetStatus_OfACanceledOperation_Fails()
    {
        _fake.SetOperationStatuses("op-3", FakeAcsOperationStatus.Canceled);
        await using var host = AcsClientHost.For(_fake);

        var result = await host.Tracker.GetStatusAsync("op-3", CancellationToken.None);

        Assert.That(result, Is.EqualTo(new OperationStatus(OperationState.Failed, EmailNotificationStatus.Failed, "ACS operation Canceled (no error code)")));
    }

    [Test]
    public async Task GetStatus_OfAnUnknownOperation_FailsOnTheNotFound()
    {
        await using var host = AcsClientHost.For(_fake);

        var result = await host.Tracker.GetStatusAsync(Guid.NewGuid().ToString(), CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(OperationState.Failed));
        Assert.That(result.Reason, Does.Contain("404"));
    }

    [Test]
    public async Task GetStatus_Throttled_IsThrottledWithTheRetryAfter()
    {
        _fake.SetOperationStatuses("op-4", FakeAcsOperationStatus.Succeeded);
        _fake.EnqueueStatusAnswers(FakeAcsAnswer.Throttled(TimeSpan.FromSeconds(12)));
        await using var host = AcsClientHost.For(_fake);

        var throttled = await host.Tracker.GetStatusAsync("op-4", CancellationToken.None);
        var then = await host.Tracker.GetStatusAsync("op-4", CancellationToken.None);

        Assert.That(throttled.State, Is.EqualTo(OperationState.Throttled));
        Assert.That(throttled.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(then.State, Is.EqualTo(OperationState.Succeeded));
    }

    [Test]
    public async Task GetStatus_AServerError_IsUnknown()
    {
        _fake.SetOperationStatuses("op-5", FakeAcsOperationStatus.Succeeded);
        _fake.EnqueueStatusAnswers(FakeAcsAnswer.ServerError(503));
        await using var host = AcsClientHost.For(_fake);

        var result = await host.Tracker.GetStatusAsync("op-5", CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(OperationState.Unknown));
        Assert.That(result.Reason, Does.Contain("503"));
    }

    [Test]
    public async Task GetStatus_SlowerThanTheTimeout_IsUnknown()
    {
        _fake.SetOperationStatuses("op-6", FakeAcsOperationStatus.Succeeded);
        _fake.Latency = TimeSpan.FromSeconds(5);
        await using var host = AcsClientHost.For(_fake, timeoutSeconds: 1);

        var result = await host.Tracker.GetStatusAsync("op-6", CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(OperationState.Unknown));
    }

    [Test]
    public async Task GetStatus_WithAnIdThatNeedsEscaping_StaysOnTheOperationsPath()
    {
        _fake.SetOperationStatuses("a/b?c", FakeAcsOperationStatus.Succeeded);
        await using var host = AcsClientHost.For(_fake);

        var result = await host.Tracker.GetStatusAsync("a/b?c", CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(OperationState.Succeeded));
        Assert.That(_fake.Requests.Single().Target, Does.StartWith("/emails/operations/a%2Fb%3Fc?"));
    }
}
