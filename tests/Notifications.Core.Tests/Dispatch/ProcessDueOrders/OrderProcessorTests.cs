using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Notifications.Core.Dispatch.ProcessDueOrders;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;
using static Notifications.Core.Tests.Dispatch.DispatchData;

namespace Notifications.Core.Tests.Dispatch.ProcessDueOrders;

public sealed class OrderProcessorTests
{
    private static readonly Uri ConditionEndpoint = new("https://condition.example.com/check");

    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IOrderQueue> _orderQueue = new();
    private readonly Mock<IContactRegistry> _registry = new();
    private readonly Mock<ISendConditionClient> _condition = new(MockBehavior.Strict);
    private readonly List<(OrderClaim Claim, IReadOnlyList<EmailNotification> Notifications, OrderProcessingStatus Status)> _fanOuts = [];

    [SetUp]
    public void SetUp()
    {
        _orderQueue
            .Setup(s => s.CompleteFanOutAsync(
                It.IsAny<OrderClaim>(), It.IsAny<IReadOnlyList<EmailNotification>>(), It.IsAny<OrderProcessingStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback((OrderClaim claim, IReadOnlyList<EmailNotification> notifications, OrderProcessingStatus status, DateTimeOffset _, CancellationToken _) =>
                _fanOuts.Add((claim, notifications, status)))
            .ReturnsAsync(true);

        // The registry answers only for the numbers asked about, as the real ones do.
        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyCollection<string> nins, CancellationToken _) => Persons.Where(p => nins.Contains(p.NationalIdentityNumber)).ToList());
        _registry
            .Setup(r => r.GetOrganizationContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyCollection<string> numbers, CancellationToken _) => Organizations.Where(o => numbers.Contains(o.OrganizationNumber)).ToList());
    }

    private OrderProcessor Processor => new(_orderQueue.Object, _registry.Object, _condition.Object, _clock, NullLogger<OrderProcessor>.Instance, TestMeterFactory.Metrics(_clock));

    private Task<OrderProcessingStatus> ProcessAsync(OrderClaim claim) => Processor.ProcessAsync(claim, CancellationToken.None);

    private void GivenCondition(SendConditionVerdict verdict) =>
        _condition.Setup(c => c.CheckAsync(ConditionEndpoint, It.IsAny<CancellationToken>())).ReturnsAsync(new SendConditionResult(verdict, "reason"));

    private void GivenRegistryUnavailable() =>
        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ContactRegistryUnavailableException("registry down"));

    private static OrderClaim ClaimWithCondition(int conditionAttempts = 0, int lookupAttempts = 0) =>
        Claim(Order([Email("user@example.com"), Person(ReachableNin)], conditionEndpoint: ConditionEndpoint), conditionAttempts, lookupAttempts);

    private void VerifyNeverReleased() =>
        _orderQueue.Verify(s => s.ReleaseOrderAsync(
            It.IsAny<OrderClaim>(), It.IsAny<TimeSpan>(), It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);

    [Test]
    public async Task ProcessAsync_WithoutConditionEndpoint_LooksUpRecipientsAndCompletesTheFanOutAsProcessed()
    {
        var claim = Claim(Order([Email("user@example.com"), Person(ReachableNin), Organization(ReachableOrg)]));

        var status = await ProcessAsync(claim);

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Processed));
        var fanOut = _fanOuts.Single();
        Assert.That(fanOut.Claim, Is.SameAs(claim));
        Assert.That(fanOut.Status, Is.EqualTo(OrderProcessingStatus.Processed));
        Assert.That(fanOut.Notifications.Select(n => n.EmailAddress),
            Is.EqualTo(new[] { "user@example.com", "ola@example.com", "post@reachable.no", "faktura@reachable.no" }));
        Assert.That(fanOut.Notifications.Select(n => n.Status), Has.All.EqualTo(EmailNotificationStatus.New));
        Assert.That(fanOut.Notifications.Select(n => n.OrderId), Has.All.EqualTo(claim.Order.Id));
        _orderQueue.Verify(s => s.CompleteFanOutAsync(claim, It.IsAny<IReadOnlyList<EmailNotification>>(), OrderProcessingStatus.Processed, _clock.UtcNow, It.IsAny<CancellationToken>()));
        VerifyNeverReleased();
    }

    [Test]
    public async Task ProcessAsync_AsksTheRegistryOnceForEachDistinctNumber()
    {
        var claim = Claim(Order([Person(ReachableNin), Person(ReachableNin), Person(ReservedNin), Organization(ReachableOrg), Organization(ReachableOrg)]));

        await ProcessAsync(claim);

        _registry.Verify(r => r.GetPersonContactsAsync(
            It.Is<IReadOnlyCollection<string>>(n => n.Count == 2 && n.Contains(ReachableNin) && n.Contains(ReservedNin)), It.IsAny<CancellationToken>()), Times.Once);
        _registry.Verify(r => r.GetOrganizationContactsAsync(
            It.Is<IReadOnlyCollection<string>>(n => n.SequenceEqual(new[] { ReachableOrg })), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task ProcessAsync_WithOnlyEmailRecipients_DoesNotCallTheRegistry()
    {
        await ProcessAsync(Claim(Order([Email("a@example.com"), Email("b@example.com")])));

        _registry.VerifyNoOtherCalls();
        Assert.That(_fanOuts.Single().Notifications, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ProcessAsync_WhenEveryRecipientIsUnreachable_CompletesTheOrder()
    {
        var claim = Claim(Order([Person(ReservedNin), Person(UnknownNin), Organization(OrgWithoutEmails), Organization(UnknownOrg)]));

        var status = await ProcessAsync(claim);

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Completed));
        var fanOut = _fanOuts.Single();
        Assert.That(fanOut.Status, Is.EqualTo(OrderProcessingStatus.Completed));
        Assert.That(fanOut.Notifications.Select(n => n.Status), Is.EqualTo(new[]
        {
            EmailNotificationStatus.Failed_RecipientReserved,
            EmailNotificationStatus.Failed_RecipientNotIdentified,
            EmailNotificationStatus.Failed_RecipientNotIdentified,
            EmailNotificationStatus.Failed_RecipientNotIdentified,
        }));
    }

    [Test]
    public async Task ProcessAsync_WhenSomeRecipientsAreReachable_IsProcessedWithTheFailuresIncluded()
    {
        var status = await ProcessAsync(Claim(Order([Person(ReservedNin), Person(ReachableNin)])));

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Processed));
        Assert.That(_fanOuts.Single().Notifications.Select(n => n.Status),
            Is.EqualTo(new[] { EmailNotificationStatus.Failed_RecipientReserved, EmailNotificationStatus.New }));
    }

    [Test]
    public async Task ProcessAsync_WhenTheConditionSaysSend_FansOut()
    {
        GivenCondition(SendConditionVerdict.Send);

        var status = await ProcessAsync(ClaimWithCondition());

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Processed));
        Assert.That(_fanOuts.Single().Notifications, Has.Count.EqualTo(2));
        VerifyNeverReleased();
    }

    [Test]
    public async Task ProcessAsync_WhenTheConditionSaysDoNotSend_FinishesAsSendConditionNotMetWithoutNotifications()
    {
        GivenCondition(SendConditionVerdict.DoNotSend);
        var claim = ClaimWithCondition();

        var status = await ProcessAsync(claim);

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.SendConditionNotMet));
        var fanOut = _fanOuts.Single();
        Assert.That(fanOut.Claim, Is.SameAs(claim));
        Assert.That(fanOut.Status, Is.EqualTo(OrderProcessingStatus.SendConditionNotMet));
        Assert.That(fanOut.Notifications, Is.Empty);
        _registry.VerifyNoOtherCalls();
        VerifyNeverReleased();
    }

    [TestCase(0, 10, 1)]
    [TestCase(1, 60, 2)]
    public async Task ProcessAsync_WhenTheConditionIsRetryable_ReleasesTheOrderWithBackOff(int conditionAttempts, int delaySeconds, int recordedAttempts)
    {
        GivenCondition(SendConditionVerdict.Retryable);
        var claim = ClaimWithCondition(conditionAttempts, lookupAttempts: 3);

        var status = await ProcessAsync(claim);

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Registered));
        _orderQueue.Verify(s => s.ReleaseOrderAsync(
            claim, TimeSpan.FromSeconds(delaySeconds), recordedAttempts, 3, It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(_fanOuts, Is.Empty);
        _registry.VerifyNoOtherCalls();
    }

    [Test]
    public async Task ProcessAsync_WhenTheConditionFailsAThirdTime_FailsOpenAndFansOut()
    {
        GivenCondition(SendConditionVerdict.Retryable);

        var status = await ProcessAsync(ClaimWithCondition(conditionAttempts: 2));

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Processed));
        Assert.That(_fanOuts.Single().Notifications, Has.Count.EqualTo(2));
        VerifyNeverReleased();
    }

    [Test]
    public async Task ProcessAsync_WhenTheConditionEndpointIsRefused_FailsOpenAtOnce()
    {
        GivenCondition(SendConditionVerdict.Refused);

        var status = await ProcessAsync(ClaimWithCondition(conditionAttempts: 0));

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Processed));
        Assert.That(_fanOuts.Single().Notifications, Has.Count.EqualTo(2));
        _condition.Verify(c => c.CheckAsync(ConditionEndpoint, It.IsAny<CancellationToken>()), Times.Once);
        VerifyNeverReleased();
    }

    [TestCase(0, 10)]
    [TestCase(1, 20)]
    [TestCase(2, 40)]
    [TestCase(3, 80)]
    [TestCase(50, 600)]
    public async Task ProcessAsync_WhenTheRegistryIsUnavailable_ReleasesTheOrderWithGrowingBackOff(int lookupAttempts, int delaySeconds)
    {
        GivenRegistryUnavailable();
        var claim = Claim(Order([Person(ReachableNin)]), conditionAttempts: 1, lookupAttempts: lookupAttempts);

        var status = await ProcessAsync(claim);

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Registered));
        _orderQueue.Verify(s => s.ReleaseOrderAsync(
            claim, TimeSpan.FromSeconds(delaySeconds), 1, lookupAttempts + 1, It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(_fanOuts, Is.Empty);
    }

    [Test]
    public async Task ProcessAsync_WhenTheRegistryIsUnavailableForOrganisations_NeverCompletesTheOrder()
    {
        _registry
            .Setup(r => r.GetOrganizationContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ContactRegistryUnavailableException("registry down"));
        var claim = Claim(Order([Person(ReachableNin), Organization(ReachableOrg)]));

        var status = await ProcessAsync(claim);

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Registered));
        _orderQueue.Verify(s => s.ReleaseOrderAsync(claim, It.IsAny<TimeSpan>(), 0, 1, It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(_fanOuts, Is.Empty);
    }

    [Test]
    public async Task ProcessAsync_WhenTheConditionPassedButTheRegistryIsUnavailable_KeepsTheConditionAttempts()
    {
        GivenCondition(SendConditionVerdict.Retryable);
        GivenRegistryUnavailable();
        var claim = ClaimWithCondition(conditionAttempts: 2, lookupAttempts: 0);

        var status = await ProcessAsync(claim);

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Registered));
        _orderQueue.Verify(s => s.ReleaseOrderAsync(claim, TimeSpan.FromSeconds(10), 2, 1, It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(_fanOuts, Is.Empty);
    }

    [Test]
    public async Task ProcessAsync_WhenTheClaimWasLost_ReturnsProcessingAndWritesNothingElse()
    {
        _orderQueue
            .Setup(s => s.CompleteFanOutAsync(
                It.IsAny<OrderClaim>(), It.IsAny<IReadOnlyList<EmailNotification>>(), It.IsAny<OrderProcessingStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(false);

        var status = await ProcessAsync(Claim(Order([Person(ReachableNin)])));

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Processing));
        _orderQueue.Verify(s => s.CompleteFanOutAsync(
            It.IsAny<OrderClaim>(), It.IsAny<IReadOnlyList<EmailNotification>>(), It.IsAny<OrderProcessingStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Once);
        _orderQueue.VerifyNoOtherCalls();
    }

    [Test]
    public async Task ProcessAsync_WhenTheClaimWasLostAfterDoNotSend_ReturnsProcessing()
    {
        GivenCondition(SendConditionVerdict.DoNotSend);
        _orderQueue
            .Setup(s => s.CompleteFanOutAsync(
                It.IsAny<OrderClaim>(), It.IsAny<IReadOnlyList<EmailNotification>>(), It.IsAny<OrderProcessingStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(false);

        var status = await ProcessAsync(ClaimWithCondition());

        Assert.That(status, Is.EqualTo(OrderProcessingStatus.Processing));
        VerifyNeverReleased();
    }
}
