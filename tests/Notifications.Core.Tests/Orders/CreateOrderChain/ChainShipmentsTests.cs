using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateOrderChain;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Tests.Orders.CreateOrderChain;

public sealed class ChainShipmentsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly EmailSettingsInput Settings = new("Subject", "Body");

    private static ChainRecipientInput Email(string address) => new(RecipientEmail: new RecipientEmailInput(address, Settings));

    private static CreateOrderChainCommand Command(DateTime? sendTime, params ReminderInput[] reminders) =>
        new("ttd", "id-1", Email("main@example.com"), "ref", sendTime, Reminders: reminders);

    [Test]
    public void Plan_DelayDays_CountFromTheMainShipmentsSendTime()
    {
        var sendTime = new DateTime(2027, 1, 10, 7, 30, 0, DateTimeKind.Utc);

        var shipments = ChainShipments.Plan(Command(sendTime, new ReminderInput(DelayDays: 7, Recipient: Email("r@example.com"))), Guid.NewGuid(), new EmailDefaults { DefaultFromAddress = "noreply@x.example" }, Now);

        Assert.That(shipments.Select(s => s.RequestedSendTime), Is.EqualTo(new DateTimeOffset[] { new(sendTime), new(sendTime.AddDays(7)) }));
    }

    [Test]
    public void Plan_DelayDays_WithoutASendTime_CountFromNow()
    {
        var shipments = ChainShipments.Plan(Command(null, new ReminderInput(DelayDays: 2, Recipient: Email("r@example.com"))), Guid.NewGuid(), new EmailDefaults { DefaultFromAddress = "noreply@x.example" }, Now);

        Assert.That(shipments.Select(s => s.RequestedSendTime), Is.EqualTo(new[] { Now, Now.AddDays(2) }));
    }

    [Test]
    public void Plan_GivesShipmentsIdsInRequestOrder_AndTheirOwnTypeReferenceAndRecipient()
    {
        var chainId = Guid.NewGuid();
        var reminders = Enumerable.Range(1, 10)
            .Select(i => new ReminderInput(DelayDays: 11 - i, SendersReference: $"r{i}", Recipient: Email($"r{i}@example.com")))
            .ToArray();

        var shipments = ChainShipments.Plan(Command(null, reminders), chainId, new EmailDefaults { DefaultFromAddress = "noreply@x.example" }, Now);

        Assert.That(shipments.Select(s => s.Id.ToString()), Is.Ordered, "ids sort (as PostgreSQL sorts uuids) in request order");
        Assert.That(shipments.Select(s => s.Type), Is.EqualTo(new[] { ShipmentType.Notification }.Concat(Enumerable.Repeat(ShipmentType.Reminder, 10))));
        Assert.That(shipments.Select(s => s.SendersReference), Is.EqualTo(new[] { "ref" }.Concat(reminders.Select(r => r.SendersReference))));
        Assert.That(shipments.Select(s => s.ChainId), Is.All.EqualTo(chainId));
        Assert.That(shipments[3].Recipients.Single().EmailAddress, Is.EqualTo("r3@example.com"));
        var receipt = ChainShipments.Receipt(chainId, shipments.Reverse().ToList(), replayed: true);
        Assert.That(receipt.Reminders.Select(r => r.SendersReference), Is.EqualTo(reminders.Select(r => r.SendersReference)));
    }

    [Test]
    public void Plan_TakesEachRecipientKind_WithItsSettings()
    {
        var person = new ChainRecipientInput(RecipientPerson: new RecipientPersonInput("07837399275", ChannelSchema.SmsPreferred, Settings with { SenderEmailAddress = "post@verified.example" }, IgnoreReservation: true, ResourceId: "urn:altinn:resource:x"));
        var organization = new ChainRecipientInput(RecipientOrganization: new RecipientOrganizationInput("313600947", ChannelSchema.Email, Settings));
        var idporten = new ChainRecipientInput(RecipientExternalIdentity: new RecipientExternalIdentityInput(
            "urn:altinn:person:idporten-email:login@example.com", ChannelSchema.Email, Settings with { ContentType = EmailContentType.Html }));
        var command = new CreateOrderChainCommand("ttd", "id", person, Reminders: [new(DelayDays: 1, Recipient: organization), new(DelayDays: 2, Recipient: idporten)]);

        var shipments = ChainShipments.Plan(command, Guid.NewGuid(), new EmailDefaults { DefaultFromAddress = "noreply@x.example" }, Now);

        Assert.That(shipments[0].Recipients.Single(), Is.EqualTo(new Recipient(NationalIdentityNumber: "07837399275")));
        Assert.That(shipments[0].IgnoreReservation, Is.True);
        Assert.That(shipments[0].ResourceId, Is.EqualTo("urn:altinn:resource:x"));
        Assert.That(shipments[0].EmailTemplate.FromAddress, Is.EqualTo("post@verified.example"));
        Assert.That(shipments[1].Recipients.Single(), Is.EqualTo(new Recipient(OrganizationNumber: "313600947")));
        Assert.That(shipments[1].EmailTemplate.FromAddress, Is.EqualTo("noreply@x.example"));
        Assert.That(shipments[2].Recipients.Single(), Is.EqualTo(new Recipient(EmailAddress: "login@example.com")));
        Assert.That(shipments[2].EmailTemplate.ContentType, Is.EqualTo(EmailContentType.Html));
    }

    [TestCase("urn:altinn:person:idporten-email:a@b.no", "a@b.no")]
    [TestCase("URN:ALTINN:PERSON:IDPORTEN-EMAIL:a@b.no", "a@b.no")]
    [TestCase("urn:altinn:person:legacy-selfidentified:ola", null)]
    [TestCase(null, null)]
    public void IdportenEmailAddress_ReadsOnlyIdportenEmailUrns(string? identity, string? address) =>
        Assert.That(ChainShipments.IdportenEmailAddress(identity), Is.EqualTo(address));
}
