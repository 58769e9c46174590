using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateOrderChain;
using Notifications.Core.Orders.SendInstantEmail;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Tests.Orders.SendInstantEmail;

public sealed class SendInstantEmailHandlerTests
{
    private readonly FixedTimeProvider _clock = new();
    private Mock<IInstantEmailStore> _store = null!;
    private Mock<IInstantEmailSlot> _slot = null!;
    private Mock<IOrderChainStore> _chains = null!;
    private Mock<IEmailProvider> _provider = null!;
    private Mock<IEmailSession> _session = null!;
    private Mock<IProviderGate> _gate = null!;
    private Mock<IWorkSignal> _signal = null!;
    private List<OutgoingEmail> _sent = null!;
    private (NotificationOrder Order, SentInstantEmail Email)? _committed;

    private static SendInstantEmailCommand Command(string subject = "Hei") => new(
        "ttd", "case-1", "ref-1", new RecipientEmailInput("ola@example.com", new EmailSettingsInput(subject, "Body", EmailContentType.Plain)));

    [SetUp]
    public void SetUp()
    {
        _store = new();
        _slot = new();
        _chains = new();
        _provider = new();
        _session = new();
        _gate = new();
        _signal = new();
        _sent = [];
        _committed = null;
        _store.Setup(s => s.ReserveAsync(It.IsAny<OrderChain>(), It.IsAny<CancellationToken>())).ReturnsAsync(_slot.Object);
        _slot.Setup(s => s.CommitAsync(It.IsAny<NotificationOrder>(), It.IsAny<SentInstantEmail>(), It.IsAny<CancellationToken>()))
            .Callback((NotificationOrder order, SentInstantEmail email, CancellationToken _) => _committed = (order, email))
            .Returns(Task.CompletedTask);
        _provider.Setup(p => p.Name).Returns("acs");
        _provider.Setup(p => p.OpenSessionAsync(It.IsAny<CancellationToken>())).ReturnsAsync(_session.Object);
        Answer(SendOutcome.Accepted());
    }

    private void Answer(SendOutcome outcome) =>
        _session.Setup(s => s.SendAsync(It.IsAny<OutgoingEmail>(), It.IsAny<CancellationToken>()))
            .Callback((OutgoingEmail email, CancellationToken _) => _sent.Add(email))
            .ReturnsAsync(outcome);

    private SendInstantEmailHandler Handler() => new(
        _store.Object, new RegistrationReplays(Mock.Of<IOrderRepository>(), _chains.Object), _provider.Object, _gate.Object, _signal.Object, Options.Create(new EmailDefaults()), _clock,
        NullLogger<SendInstantEmailHandler>.Instance, TestMeterFactory.Metrics(_clock));

    private async Task<SendInstantEmailResult> HandleAsync(SendInstantEmailCommand? command = null) =>
        await Handler().Handle(command ?? Command(), CancellationToken.None);

    [Test]
    public async Task Accepted_WithoutDeliveryReports_StoresASucceededEmailAndACompletedInstantOrder()
    {
        var result = await HandleAsync();

        var (order, email) = _committed!.Value;
        Assert.That(result, Is.EqualTo(new SendInstantEmailResult(
            InstantEmailPlan.IdOf("chain", "ttd", "case-1"), new ShipmentReceipt(InstantEmailPlan.IdOf("shipment", "ttd", "case-1"), "ref-1"), false)));
        Assert.That(order.Id, Is.EqualTo(result.Notification.ShipmentId));
        Assert.That(order.ChainId, Is.EqualTo(result.ChainId));
        Assert.That(order.Type, Is.EqualTo(ShipmentType.Instant));
        Assert.That(order.ProcessingStatus, Is.EqualTo(OrderProcessingStatus.Completed));
        Assert.That(order.Recipients, Is.EqualTo(new[] { new Recipient(EmailAddress: "ola@example.com") }));
        Assert.That(order.EmailTemplate, Is.EqualTo(new EmailTemplate("noreply@notifications.local", "Hei", "Body", EmailContentType.Plain)));
        Assert.That(email.Notification.Id, Is.EqualTo(InstantEmailPlan.IdOf("email", "ttd", "case-1")));
        Assert.That(email.Notification.Status, Is.EqualTo(EmailNotificationStatus.Succeeded));
        Assert.That(email.Notification.ExpiresAt, Is.EqualTo(FixedTimeProvider.DefaultNow + TimeSpan.FromHours(48)));
        Assert.That(email.OperationId, Is.Null);
        _slot.Verify(s => s.DisposeAsync(), Times.Once);
        _signal.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Accepted_SendsUnderTheDerivedIdAsAFirstAttempt()
    {
        await HandleAsync();

        var email = _sent.Single();
        Assert.That(email.NotificationId, Is.EqualTo(InstantEmailPlan.IdOf("email", "ttd", "case-1")));
        Assert.That(email.MayHaveBeenSent, Is.False);
        Assert.That((email.ToAddress, email.FromAddress, email.Subject, email.Body), Is.EqualTo(("ola@example.com", "noreply@notifications.local", "Hei", "Body")));
        _session.Verify(s => s.DisposeAsync(), Times.Once);
    }

    [Test]
    public async Task Accepted_WithDeliveryReports_StoresSendingWithItsOperationAndFirstPoll_OrderProcessed()
    {
        _provider.Setup(p => p.ReportsDelivery).Returns(true);
        Answer(SendOutcome.Accepted("op-1"));

        await HandleAsync();

        var (order, email) = _committed!.Value;
        Assert.That(order.ProcessingStatus, Is.EqualTo(OrderProcessingStatus.Processed));
        Assert.That(email.Notification.Status, Is.EqualTo(EmailNotificationStatus.Sending));
        Assert.That(email.OperationId, Is.EqualTo("op-1"));
        Assert.That(email.NextAttemptAt, Is.EqualTo(FixedTimeProvider.DefaultNow + TimeSpan.FromSeconds(5)));
        _signal.Verify(s => s.WakeStatusPollAt(FixedTimeProvider.DefaultNow + TimeSpan.FromSeconds(5)), Times.Once);
    }

    private static IEnumerable<SendOutcome> Refusals() =>
    [
        SendOutcome.Transient("503"),
        SendOutcome.Failed(EmailNotificationStatus.Failed_InvalidEmailFormat, "bad address"),
        SendOutcome.Throttled(TimeSpan.FromSeconds(30), "429"),
    ];

    [TestCaseSource(nameof(Refusals))]
    public void Refused_IsProviderUnavailable_AndRollsBack(SendOutcome outcome)
    {
        Answer(outcome);

        Assert.ThrowsAsync<EmailProviderUnavailableException>(() => HandleAsync());

        Assert.That(_committed, Is.Null);
        _slot.Verify(s => s.DisposeAsync(), Times.Once);
    }

    [Test]
    public void Throttled_PausesTheProviderForEveryHost()
    {
        Answer(SendOutcome.Throttled(TimeSpan.FromSeconds(30), "429"));

        Assert.ThrowsAsync<EmailProviderUnavailableException>(() => HandleAsync());

        _gate.Verify(g => g.PauseProviderAsync("acs", FixedTimeProvider.DefaultNow + TimeSpan.FromSeconds(30), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void ProviderThatThrowsOrCannotBeReached_IsProviderUnavailable_AndRollsBack()
    {
        _provider.Setup(p => p.OpenSessionAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("connection refused"));

        Assert.ThrowsAsync<EmailProviderUnavailableException>(() => HandleAsync());

        Assert.That(_committed, Is.Null);
        _slot.Verify(s => s.DisposeAsync(), Times.Once);
    }

    [Test]
    public async Task IdTakenByAConcurrentRequest_IsAnsweredAsItsReplay_WithoutSending()
    {
        var command = Command();
        var chainId = InstantEmailPlan.IdOf("chain", "ttd", "case-1");
        var shipment = ShipmentOf(chainId);
        _store.Setup(s => s.ReserveAsync(It.IsAny<OrderChain>(), It.IsAny<CancellationToken>())).ReturnsAsync((IInstantEmailSlot?)null);
        _chains.Setup(c => c.FindByIdempotencyIdAsync("ttd", "case-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(ChainOf(chainId, command.RequestHash()));
        _chains.Setup(c => c.GetAsync(chainId, "ttd", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrderChainView(ChainOf(chainId, command.RequestHash()), [shipment]));

        var result = await HandleAsync(command);

        Assert.That(result, Is.EqualTo(new SendInstantEmailResult(chainId, new ShipmentReceipt(shipment.Id, "ref-1"), true)));
        Assert.That(_sent, Is.Empty);
    }

    [Test]
    public void IdTakenByAConcurrentRequestWithAnotherBody_IsAConflict()
    {
        var chainId = InstantEmailPlan.IdOf("chain", "ttd", "case-1");
        _store.Setup(s => s.ReserveAsync(It.IsAny<OrderChain>(), It.IsAny<CancellationToken>())).ReturnsAsync((IInstantEmailSlot?)null);
        _chains.Setup(c => c.FindByIdempotencyIdAsync("ttd", "case-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(ChainOf(chainId, (Command("Another subject")).RequestHash()));

        Assert.ThrowsAsync<ConflictException>(() => HandleAsync());
        Assert.That(_sent, Is.Empty);
    }

    private static OrderChain ChainOf(Guid id, string hash) => new()
    {
        Id = id, Creator = "ttd", IdempotencyId = "case-1", RequestHash = hash, Created = FixedTimeProvider.DefaultNow,
    };

    private static NotificationOrder ShipmentOf(Guid chainId) => new()
    {
        Id = InstantEmailPlan.IdOf("shipment", "ttd", "case-1"),
        Creator = "ttd",
        Created = FixedTimeProvider.DefaultNow,
        ChainId = chainId,
        Type = ShipmentType.Instant,
        SendersReference = "ref-1",
        RequestedSendTime = FixedTimeProvider.DefaultNow,
        Recipients = [new Recipient(EmailAddress: "ola@example.com")],
        EmailTemplate = new EmailTemplate("noreply@notifications.local", "Hei", "Body", EmailContentType.Plain),
    };
}
