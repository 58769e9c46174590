using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateOrderChain;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Tests.Orders.CreateOrderChain;

public sealed class CreateOrderChainHandlerTests
{
    private const string NinWithEmail = "07837399275";
    private const string NinWithoutEmail = "26876848901";
    private const string ReservedNin = "11876995923";
    private const string OrgWithoutEmail = "310000001";

    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IOrderChainStore> _chains = new();
    private readonly Mock<IContactRegistry> _registry = new();
    private readonly Mock<IWorkSignal> _signal = new();
    private readonly List<(OrderChain Chain, IReadOnlyList<NotificationOrder> Shipments)> _stored = [];

    [SetUp]
    public void SetUp()
    {
        _chains
            .Setup(c => c.TryAddAsync(It.IsAny<OrderChain>(), It.IsAny<IReadOnlyList<NotificationOrder>>(), It.IsAny<CancellationToken>()))
            .Callback((OrderChain chain, IReadOnlyList<NotificationOrder> shipments, CancellationToken _) => _stored.Add((chain, shipments)))
            .ReturnsAsync(true);
        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([
                new PersonContact(NinWithEmail, "Kari", "kari@example.com", IsReserved: false),
                new PersonContact(NinWithoutEmail, "Per", null, IsReserved: false),
                new PersonContact(ReservedNin, "Ola", "ola@example.com", IsReserved: true),
            ]);
        _registry
            .Setup(r => r.GetOrganizationContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new OrganizationContact(OrgWithoutEmail, "Tom AS", [])]);
    }

    private CreateOrderChainHandler Handler() =>
        new(_chains.Object, new RegistrationReplays(Mock.Of<IOrderRepository>(), _chains.Object), _registry.Object, Options.Create(new EmailDefaults()), _signal.Object, _clock,
            NullLogger<CreateOrderChainHandler>.Instance, TestMeterFactory.Metrics(_clock));

    private static ChainRecipientInput Person(string nin) =>
        new(RecipientPerson: new RecipientPersonInput(nin, ChannelSchema.Email, new EmailSettingsInput("s", "b")));

    private static CreateOrderChainCommand Command(ChainRecipientInput recipient, params ReminderInput[] reminders) =>
        new("ttd", "case-1", recipient, Reminders: reminders);

    [Test]
    public async Task Handle_StoresTheChainWithEachShipmentsLookup_AndWakesForTheFirst()
    {
        var result = await Handler().Handle(Command(Person(NinWithEmail), new ReminderInput(DelayDays: 3, Recipient: Person(ReservedNin))), CancellationToken.None);

        var (chain, shipments) = _stored.Single();
        Assert.That(result.ChainId, Is.EqualTo(chain.Id));
        Assert.That(result.Replayed, Is.False);
        Assert.That(shipments[0].RecipientLookup!.Status, Is.EqualTo(RecipientLookupStatus.Success));
        Assert.That(shipments[1].RecipientLookup!.IsReserved, Is.EqualTo(new[] { ReservedNin }), "a reserved person is stored: the reservation is respected at fan-out");
        _signal.Verify(s => s.OrderRegistered(_clock.GetUtcNow()), Times.Once);
    }

    [Test]
    public void Handle_AnyShipmentWithoutContactInformation_RefusesTheChain_NamingThem()
    {
        var command = Command(Person(NinWithoutEmail), new ReminderInput(DelayDays: 1, Recipient: new ChainRecipientInput(
            RecipientOrganization: new RecipientOrganizationInput(OrgWithoutEmail, ChannelSchema.Email, new EmailSettingsInput("s", "b")))));

        var error = Assert.ThrowsAsync<MissingContactException>(async () => await Handler().Handle(command, CancellationToken.None));

        Assert.That(error!.MissingContact, Is.EquivalentTo(new[] { NinWithoutEmail, OrgWithoutEmail }));
        Assert.That(_stored, Is.Empty);
    }

    [Test]
    public async Task Handle_EmailRecipientsOnly_LookNothingUp()
    {
        await Handler().Handle(Command(new ChainRecipientInput(RecipientEmail: new RecipientEmailInput("a@example.com", new EmailSettingsInput("s", "b")))), CancellationToken.None);

        _registry.VerifyNoOtherCalls();
        Assert.That(_stored.Single().Shipments.Single().RecipientLookup, Is.Null);
    }

    [Test]
    public async Task Handle_WhenAConcurrentRequestTookTheId_AnswersAsItsReplay()
    {
        var command = Command(Person(NinWithEmail));
        var winner = new OrderChain
        {
            Id = Guid.NewGuid(), Creator = "ttd", IdempotencyId = "case-1", RequestHash = command.RequestHash(), Created = _clock.GetUtcNow(),
        };
        var winnersShipment = ChainShipments.Plan(command, winner.Id, new EmailDefaults { DefaultFromAddress = "noreply@x.example" }, _clock.GetUtcNow());
        _chains.Setup(c => c.TryAddAsync(It.IsAny<OrderChain>(), It.IsAny<IReadOnlyList<NotificationOrder>>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _chains.Setup(c => c.FindByIdempotencyIdAsync("ttd", "case-1", It.IsAny<CancellationToken>())).ReturnsAsync(winner);
        _chains.Setup(c => c.GetAsync(winner.Id, "ttd", It.IsAny<CancellationToken>())).ReturnsAsync(new OrderChainView(winner, winnersShipment));

        var result = await Handler().Handle(command, CancellationToken.None);

        Assert.That(result.ChainId, Is.EqualTo(winner.Id));
        Assert.That(result.Notification.ShipmentId, Is.EqualTo(winnersShipment[0].Id));
        Assert.That(result.Replayed, Is.True);
    }
}
