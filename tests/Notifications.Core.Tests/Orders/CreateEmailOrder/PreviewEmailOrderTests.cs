using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Common;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateEmailOrder;
using Notifications.Core.Ports;
using static Notifications.Core.Tests.Orders.CreateEmailOrder.TestCommands;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Tests.Orders.CreateEmailOrder;

public sealed class PreviewEmailOrderTests
{
    private const string PersonNin = "01017012345";
    private const string ReservedNin = "02027012345";
    private const string BigOrg = "123456789";

    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IContactRegistry> _registry = new(MockBehavior.Strict);

    private PreviewEmailOrderHandler Handler() => new(_registry.Object, Options.Create(new EmailDefaults()), _clock);

    private void GivenContacts()
    {
        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([
                new PersonContact(PersonNin, "Kari <Nordmann> & co", "kari@example.com", IsReserved: false),
                new PersonContact(ReservedNin, "Ola", "ola@example.com", IsReserved: true),
            ]);
        _registry
            .Setup(r => r.GetOrganizationContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new OrganizationContact(BigOrg, "Stor AS", Enumerable.Range(0, 25).Select(i => $"post{i:D2}@stor.example").ToList())]);
    }

    [Test]
    public async Task Handle_ShowsTheFirst20EmailsPersonalised_AndCountsEveryNotification()
    {
        GivenContacts();
        var command = Valid(Nin(PersonNin), Nin(ReservedNin), Org(BigOrg)) with
        {
            Subject = "Til $recipientName$",
            Body = "<p>$recipientName$ $recipientNumber$</p>",
            ContentType = EmailContentType.Html,
        };

        var preview = await Handler().Handle(new PreviewEmailOrderCommand(command), CancellationToken.None);

        Assert.That(preview.TotalEmails, Is.EqualTo(27), "one per person, 25 for the organisation");
        Assert.That(preview.Emails, Has.Count.EqualTo(PreviewEmailOrderHandler.MaxEmails));
        var person = preview.Emails[0];
        Assert.That(person.Notification.EmailAddress, Is.EqualTo("kari@example.com"));
        Assert.That(person.Notification.Status, Is.EqualTo(EmailNotificationStatus.New));
        Assert.That(person.Content.Subject, Is.EqualTo("Til Kari <Nordmann> & co"));
        Assert.That(person.Content.Body, Is.EqualTo("<p>Kari &lt;Nordmann&gt; &amp; co </p>"), "a NIN is never written into an email");
        Assert.That(preview.Emails[1].Notification.Status, Is.EqualTo(EmailNotificationStatus.Failed_RecipientReserved));
        Assert.That(preview.Emails[1].Notification.EmailAddress, Is.Null);
        Assert.That(preview.Emails[2].Content.Body, Is.EqualTo($"<p>Stor AS {BigOrg}</p>"));
        Assert.That(preview.Emails[19].Notification.EmailAddress, Is.EqualTo("post17@stor.example"));
        Assert.That(preview.RecipientLookup!.Status, Is.EqualTo(RecipientLookupStatus.PartialSuccess));
        Assert.That(preview.RecipientLookup.IsReserved, Is.EqualTo(new[] { ReservedNin }));
        Assert.That(preview.RecipientLookup.MissingContact, Is.Empty);
    }

    [Test]
    public async Task Handle_WithOnlyEmailAddresses_AsksNoRegistryAndReportsNoLookup()
    {
        var preview = await Handler().Handle(new PreviewEmailOrderCommand(Valid(Email("a@example.com"), Email("A@example.com"))), CancellationToken.None);

        Assert.That(preview.RecipientLookup, Is.Null);
        Assert.That(preview.TotalEmails, Is.EqualTo(1), "exact duplicates are sent once");
        _registry.VerifyNoOtherCalls();
    }

    private static readonly CreateEmailOrderCommand[] InvalidCommands =
    [
        Valid() with { Subject = "" },
        Valid() with { Body = null, Recipients = [] },
        Valid(Email("a@example.com"), null, new RecipientInput(), Nin("123"), new RecipientInput("a@example.com", OrganizationNumber: "123456789")),
        Valid() with { RequestedSendTime = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), ConditionEndpoint = "ftp://x" },
        Valid() with { RequestedSendTime = new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), SendersReference = new string('r', 101) },
    ];

    [TestCaseSource(nameof(InvalidCommands))]
    public async Task Validate_ReportsRegistrationsFailuresUnderTheSameKeys(CreateEmailOrderCommand command)
    {
        var registration = await new CreateEmailOrderValidator(_clock).ValidateAsync(command);
        var preview = await new PreviewEmailOrderValidator(_clock).ValidateAsync(new PreviewEmailOrderCommand(command));

        Assert.That(registration.Errors, Is.Not.Empty);
        Assert.That(preview.Errors(), Is.EqualTo(registration.Errors()));
    }
}
