using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateEmailOrder;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;
using static Notifications.Core.Tests.Orders.CreateEmailOrder.TestCommands;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Tests.Orders.CreateEmailOrder;

public sealed class CreateEmailOrderHandlerTests
{
    private const string KnownNin = "01017012345";

    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IOrderRepository> _orders = new();
    private readonly Mock<IContactRegistry> _registry = new();
    private readonly Mock<IWorkSignal> _signal = new();
    private readonly List<(NotificationOrder Order, IdempotencyRecord? Idempotency)> _stored = [];

    [SetUp]
    public void SetUp()
    {
        // A repository with memory and the unique key: what TryAddAsync stores, the finders return.
        _orders
            .Setup(o => o.TryAddAsync(It.IsAny<NotificationOrder>(), It.IsAny<IdempotencyRecord?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((NotificationOrder order, IdempotencyRecord? idempotency, CancellationToken _) =>
            {
                if (idempotency is not null && _stored.Any(s => s.Idempotency is { } i && i.Creator == idempotency.Creator && i.Key == idempotency.Key))
                {
                    return false;
                }

                _stored.Add((order, idempotency));
                return true;
            });
        _orders
            .Setup(o => o.FindIdempotencyRecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string creator, string key, CancellationToken _) =>
                _stored.Select(s => s.Idempotency).FirstOrDefault(i => i is not null && i.Creator == creator && i.Key == key));
        _orders
            .Setup(o => o.GetAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Guid id, string creator, CancellationToken _) =>
                _stored.Select(s => s.Order).FirstOrDefault(o => o.Id == id && o.Creator == creator));

        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new PersonContact(KnownNin, "Ola", "ola@example.com", IsReserved: false)]);
        _registry
            .Setup(r => r.GetOrganizationContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);
    }

    private CreateEmailOrderHandler CreateHandler(EmailDefaults? defaults = null) =>
        new(_orders.Object, new RegistrationReplays(_orders.Object, Mock.Of<IOrderChainStore>()), _registry.Object, Options.Create(defaults ?? new EmailDefaults()), _signal.Object, _clock, NullLogger<CreateEmailOrderHandler>.Instance, TestMeterFactory.Metrics(_clock));

    /// <summary>As the pipeline runs it: a replay is answered by <see cref="ReplayFirstBehavior{TCommand,TReceipt}"/>, the rest by the handler.</summary>
    private async Task<CreateEmailOrderResult> HandleAsync(CreateEmailOrderCommand command) =>
        await new ReplayFirstBehavior<CreateEmailOrderCommand, CreateEmailOrderResult>(new RegistrationReplays(_orders.Object, Mock.Of<IOrderChainStore>())).Handle(command, CreateHandler().Handle, CancellationToken.None);

    private NotificationOrder StoredOrder => _stored.Single().Order;

    [Test]
    public async Task Handle_WithValidCommand_StoresARegisteredOrder()
    {
        var command = Valid() with
        {
            SendersReference = "ref-1",
            ResourceId = "urn:altinn:resource:test",
            IgnoreReservation = true,
            ConditionEndpoint = "https://example.com/condition",
            ContentType = EmailContentType.Html,
        };

        var result = await HandleAsync(command);

        var order = StoredOrder;
        Assert.Multiple(() =>
        {
            Assert.That(result.OrderId, Is.EqualTo(order.Id));
            Assert.That(result.Replayed, Is.False);
            Assert.That(order.Id, Is.Not.EqualTo(Guid.Empty));
            Assert.That(order.Creator, Is.EqualTo(Creator));
            Assert.That(order.Created, Is.EqualTo(_clock.UtcNow));
            Assert.That(order.ProcessingStatus, Is.EqualTo(OrderProcessingStatus.Registered));
            Assert.That(order.ProcessingStatusChanged, Is.EqualTo(_clock.UtcNow));
            Assert.That(order.SendersReference, Is.EqualTo("ref-1"));
            Assert.That(order.ResourceId, Is.EqualTo("urn:altinn:resource:test"));
            Assert.That(order.IgnoreReservation, Is.True);
            Assert.That(order.ConditionEndpoint, Is.EqualTo(new Uri("https://example.com/condition")));
            Assert.That(order.EmailTemplate, Is.EqualTo(new EmailTemplate("noreply@notifications.local", "Subject", "Body", EmailContentType.Html)));
            Assert.That(order.Recipients, Is.EqualTo(new[] { new Recipient(EmailAddress: "user@example.com") }));
        });
        _orders.Verify(o => o.TryAddAsync(It.IsAny<NotificationOrder>(), null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_AfterStoringTheOrder_WakesTheWorkersForItsSendTime()
    {
        var sendTime = new DateTime(2099, 5, 1, 12, 0, 0, DateTimeKind.Utc);

        await HandleAsync(Valid() with { RequestedSendTime = sendTime });

        _signal.Verify(s => s.OrderRegistered(new DateTimeOffset(sendTime)), Times.Once);
    }

    [Test]
    public async Task Handle_WithoutSendTime_UsesNow()
    {
        await HandleAsync(Valid());

        Assert.That(StoredOrder.RequestedSendTime, Is.EqualTo(_clock.UtcNow));
        Assert.That(StoredOrder.RequestedSendTime.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task Handle_WithSendTimeWithOffset_StoresItInUtc()
    {
        var sendTime = JsonSerializer.Deserialize<DateTime>("\"2030-06-15T15:30:00+02:00\"");

        await HandleAsync(Valid() with { RequestedSendTime = sendTime });

        var stored = StoredOrder.RequestedSendTime;
        Assert.That(stored, Is.EqualTo(new DateTimeOffset(2030, 6, 15, 13, 30, 0, TimeSpan.Zero)));
        Assert.That(stored.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task Handle_WithUtcSendTime_StoresItUnchanged()
    {
        var sendTime = new DateTime(2030, 7, 1, 8, 0, 0, DateTimeKind.Utc);

        await HandleAsync(Valid() with { RequestedSendTime = sendTime });

        Assert.That(StoredOrder.RequestedSendTime, Is.EqualTo(new DateTimeOffset(sendTime)));
        Assert.That(StoredOrder.RequestedSendTime.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task Handle_WithConfiguredFromAddress_PutsItOnTheTemplate()
    {
        await CreateHandler(new EmailDefaults { DefaultFromAddress = "varsel@etat.no" }).Handle(Valid(), CancellationToken.None);

        Assert.That(StoredOrder.EmailTemplate.FromAddress, Is.EqualTo("varsel@etat.no"));
    }

    [Test]
    public async Task Handle_WithDuplicateRecipients_StoresEachOnce()
    {
        var command = Valid(
            Email("User@Example.com"), Email("user@example.com"), Email("other@example.com"),
            Nin(KnownNin), Nin(KnownNin), Org("123456789"), Org("123456789"));

        await HandleAsync(command);

        Assert.That(StoredOrder.Recipients, Is.EqualTo(new[]
        {
            new Recipient(EmailAddress: "User@Example.com"),
            new Recipient(EmailAddress: "other@example.com"),
            new Recipient(NationalIdentityNumber: KnownNin),
            new Recipient(OrganizationNumber: "123456789"),
        }));
    }

    [Test]
    public async Task Handle_WithEmptyStringsBesideTheIdentifier_StoresThemAsAbsent()
    {
        await HandleAsync(Valid(new RecipientInput(EmailAddress: "", NationalIdentityNumber: KnownNin, OrganizationNumber: "")));

        Assert.That(StoredOrder.Recipients, Is.EqualTo(new[] { new Recipient(NationalIdentityNumber: KnownNin) }));
    }

    [Test]
    public async Task Handle_WithSameNinTwice_LooksItUpOnce()
    {
        await HandleAsync(Valid(Nin(KnownNin), Nin(KnownNin)));

        _registry.Verify(r => r.GetPersonContactsAsync(
            It.Is<IReadOnlyCollection<string>>(n => n.SequenceEqual(new[] { KnownNin })), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WithPersonRecipient_StoresAndReturnsTheLookupResult()
    {
        var result = await HandleAsync(Valid(Nin(KnownNin), Nin("01017099999")));

        var expected = new RecipientLookupResult(RecipientLookupStatus.PartialSuccess, [], ["01017099999"]);
        Assert.That(result.RecipientLookup!.Status, Is.EqualTo(expected.Status));
        Assert.That(result.RecipientLookup.MissingContact, Is.EqualTo(expected.MissingContact));
        Assert.That(StoredOrder.RecipientLookup, Is.SameAs(result.RecipientLookup));
    }

    [Test]
    public async Task Handle_WithOnlyEmailRecipients_StoresNoLookupResult()
    {
        var result = await HandleAsync(Valid());

        Assert.That(result.RecipientLookup, Is.Null);
        Assert.That(StoredOrder.RecipientLookup, Is.Null);
        _registry.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheRegistryIsUnavailable_ThrowsAndStoresNothing()
    {
        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ContactRegistryUnavailableException("down"));

        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => HandleAsync(Valid(Nin(KnownNin)) with { IdempotencyKey = "key-1" }));

        Assert.That(_stored, Is.Empty);
        _orders.Verify(o => o.TryAddAsync(It.IsAny<NotificationOrder>(), It.IsAny<IdempotencyRecord?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WithIdempotencyKey_StoresARecordOfTheOrder()
    {
        var result = await HandleAsync(Valid() with { IdempotencyKey = "key-1" });

        var (order, idempotency) = _stored.Single();
        Assert.That(idempotency, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(idempotency!.Creator, Is.EqualTo(Creator));
            Assert.That(idempotency.Key, Is.EqualTo("key-1"));
            Assert.That(idempotency.OrderId, Is.EqualTo(order.Id));
            Assert.That(idempotency.OrderId, Is.EqualTo(result.OrderId));
            Assert.That(idempotency.Created, Is.EqualTo(_clock.UtcNow));
            Assert.That(idempotency.RequestHash, Is.Not.Empty);
        });
    }

    [Test]
    public async Task Handle_ReplayWithSameKeyAndSameBody_ReturnsTheFirstOrderWithoutStoringAgain()
    {
        var command = Valid(Nin(KnownNin), Nin("01017099999")) with { IdempotencyKey = "key-1" };
        var first = await HandleAsync(command);
        _clock.UtcNow = _clock.UtcNow.AddMinutes(1);

        var replay = await HandleAsync(command with { Recipients = [.. command.Recipients!] });

        Assert.Multiple(() =>
        {
            Assert.That(replay.Replayed, Is.True);
            Assert.That(replay.OrderId, Is.EqualTo(first.OrderId));
            Assert.That(replay.RecipientLookup, Is.EqualTo(first.RecipientLookup));
        });
        _orders.Verify(o => o.TryAddAsync(It.IsAny<NotificationOrder>(), It.IsAny<IdempotencyRecord?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_ReplayWithSameKeyAndSameBody_DoesNotLookUpRecipientsAgain()
    {
        var command = Valid(Nin(KnownNin)) with { IdempotencyKey = "key-1" };
        await HandleAsync(command);
        _registry.Invocations.Clear();

        await HandleAsync(command);

        _registry.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_SameKeyWithDifferentBody_ThrowsConflict()
    {
        await HandleAsync(Valid() with { IdempotencyKey = "key-1" });

        Assert.ThrowsAsync<ConflictException>(() => HandleAsync(Valid() with { IdempotencyKey = "key-1", Subject = "Another subject" }));
        Assert.That(_stored, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Handle_SameKeyFromAnotherCreator_CreatesASecondOrder()
    {
        var first = await HandleAsync(Valid() with { IdempotencyKey = "key-1" });

        var second = await HandleAsync(Valid() with { IdempotencyKey = "key-1", Creator = "other-org" });

        Assert.That(second.Replayed, Is.False);
        Assert.That(second.OrderId, Is.Not.EqualTo(first.OrderId));
        Assert.That(_stored, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Handle_WhenAConcurrentRequestWinsTheKey_ReturnsTheWinnerAsAReplay()
    {
        var command = Valid() with { IdempotencyKey = "key-1" };
        var winner = new NotificationOrder
        {
            Id = Guid.NewGuid(),
            Creator = Creator,
            Created = _clock.UtcNow,
            RequestedSendTime = _clock.UtcNow,
            Recipients = [new Recipient(EmailAddress: "user@example.com")],
            EmailTemplate = new EmailTemplate("noreply@notifications.local", "Subject", "Body", EmailContentType.Plain),
        };
        _orders
            .Setup(o => o.TryAddAsync(It.IsAny<NotificationOrder>(), It.IsAny<IdempotencyRecord?>(), It.IsAny<CancellationToken>()))
            .Callback(() => _stored.Add((winner, new IdempotencyRecord(Creator, "key-1", command.RequestHash(), winner.Id, _clock.UtcNow))))
            .ReturnsAsync(false);

        var result = await HandleAsync(command);

        Assert.That(result.Replayed, Is.True);
        Assert.That(result.OrderId, Is.EqualTo(winner.Id));
    }

    [Test]
    public void Handle_WhenAConcurrentRequestWithAnotherBodyWinsTheKey_ThrowsConflict()
    {
        var command = Valid() with { IdempotencyKey = "key-1" };
        var otherHash = (command with { Subject = "Another subject" }).RequestHash();
        _orders
            .Setup(o => o.TryAddAsync(It.IsAny<NotificationOrder>(), It.IsAny<IdempotencyRecord?>(), It.IsAny<CancellationToken>()))
            .Callback((NotificationOrder order, IdempotencyRecord? _, CancellationToken _) =>
                _stored.Add((order, new IdempotencyRecord(Creator, "key-1", otherHash, order.Id, _clock.UtcNow))))
            .ReturnsAsync(false);

        Assert.ThrowsAsync<ConflictException>(() => HandleAsync(command));
    }

    [Test]
    public void HashOf_IgnoresTheKeyAndTheCreator()
    {
        var command = Valid() with { IdempotencyKey = "key-1" };

        Assert.That(
            (command with { IdempotencyKey = "key-2", Creator = "other" }).RequestHash(),
            Is.EqualTo(command.RequestHash()));
    }

    [Test]
    public void HashOf_DiffersWhenTheRecipientsDiffer()
    {
        Assert.That(
            (Valid(Email("a@example.com"))).RequestHash(),
            Is.Not.EqualTo((Valid(Email("b@example.com"))).RequestHash()));
    }
}
