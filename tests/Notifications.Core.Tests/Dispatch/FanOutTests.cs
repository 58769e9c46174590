using Notifications.Core.Dispatch;
using Notifications.Core.Domain;
using static Notifications.Core.Tests.Dispatch.DispatchData;

namespace Notifications.Core.Tests.Dispatch;

public sealed class FanOutTests
{
    private static readonly Guid OrderId = Guid.Parse("0197a2c4-0000-7000-8000-0000000000f0");
    private static readonly DateTimeOffset Now = FixedTimeProvider.DefaultNow;

    // Later than "now" on purpose: the 48 hours count from the requested send time, not from processing.
    private static readonly DateTimeOffset RequestedSendTime = Now.AddMinutes(-30);

    private static List<EmailNotification> CreateNotifications(
        bool ignoreReservation, IEnumerable<PersonContact> persons, IEnumerable<OrganizationContact> organizations, params Recipient[] recipients) =>
        FanOut.CreateNotifications(
            Order(recipients, OrderId, ignoreReservation, requestedSendTime: RequestedSendTime),
            new RecipientContacts(persons.ToDictionary(p => p.NationalIdentityNumber), organizations.ToDictionary(o => o.OrganizationNumber)),
            Now);

    private static List<EmailNotification> CreateNotifications(bool ignoreReservation, params Recipient[] recipients) =>
        CreateNotifications(ignoreReservation, Persons, Organizations, recipients);

    private static List<EmailNotification> CreateNotifications(params Recipient[] recipients) => CreateNotifications(false, recipients);

    [Test]
    public void CreateNotifications_ForAnEmailRecipient_CreatesANewNotificationWithTheAddress()
    {
        var notification = CreateNotifications(Email("user@example.com")).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.New));
        Assert.That(notification.EmailAddress, Is.EqualTo("user@example.com"));
        Assert.That(notification.NationalIdentityNumber, Is.Null);
        Assert.That(notification.OrganizationNumber, Is.Null);
        Assert.That(notification.RecipientName, Is.Null);
        Assert.That(notification.StatusChanged, Is.EqualTo(Now));
    }

    [Test]
    public void CreateNotifications_ForAPersonWithEmail_CreatesANewNotificationWithNameAndNin()
    {
        var notification = CreateNotifications(Person(ReachableNin)).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.New));
        Assert.That(notification.EmailAddress, Is.EqualTo("ola@example.com"));
        Assert.That(notification.NationalIdentityNumber, Is.EqualTo(ReachableNin));
        Assert.That(notification.RecipientName, Is.EqualTo("Ola Nordmann"));
        Assert.That(notification.OrganizationNumber, Is.Null);
    }

    [Test]
    public void CreateNotifications_ForAReservedPerson_FailsAsReservedWithoutAnAddress()
    {
        var notification = CreateNotifications(Person(ReservedNin)).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.Failed_RecipientReserved));
        Assert.That(notification.EmailAddress, Is.Null);
        Assert.That(notification.NationalIdentityNumber, Is.EqualTo(ReservedNin));
    }

    [Test]
    public void CreateNotifications_ForAReservedPersonWithIgnoreReservation_CreatesANewNotification()
    {
        var notification = CreateNotifications(ignoreReservation: true, Person(ReservedNin)).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.New));
        Assert.That(notification.EmailAddress, Is.EqualTo("kari@example.com"));
        Assert.That(notification.RecipientName, Is.EqualTo("Kari Reservert"));
    }

    [Test]
    public void CreateNotifications_ForAReservedPersonWithoutEmail_FailsAsReserved()
    {
        PersonContact[] persons = [new(ReservedNin, "Kari", null, IsReserved: true)];

        var notification = CreateNotifications(false, persons, [], Person(ReservedNin)).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.Failed_RecipientReserved));
    }

    [Test]
    public void CreateNotifications_ForAReservedPersonWithoutEmailAndIgnoreReservation_FailsAsNotIdentified()
    {
        PersonContact[] persons = [new(ReservedNin, "Kari", null, IsReserved: true)];

        var notification = CreateNotifications(true, persons, [], Person(ReservedNin)).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.Failed_RecipientNotIdentified));
        Assert.That(notification.EmailAddress, Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void CreateNotifications_ForAPersonWithoutEmail_FailsAsNotIdentified(string? email)
    {
        PersonContact[] persons = [new(NinWithoutEmail, "Per Uten", email, IsReserved: false)];

        var notification = CreateNotifications(false, persons, [], Person(NinWithoutEmail)).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.Failed_RecipientNotIdentified));
        Assert.That(notification.EmailAddress, Is.Null);
        Assert.That(notification.NationalIdentityNumber, Is.EqualTo(NinWithoutEmail));
        Assert.That(notification.RecipientName, Is.EqualTo("Per Uten"));
    }

    [Test]
    public void CreateNotifications_ForAPersonUnknownToTheRegistry_FailsAsNotIdentified()
    {
        var notification = CreateNotifications(Person(UnknownNin)).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.Failed_RecipientNotIdentified));
        Assert.That(notification.EmailAddress, Is.Null);
        Assert.That(notification.NationalIdentityNumber, Is.EqualTo(UnknownNin));
        Assert.That(notification.RecipientName, Is.Null);
    }

    [Test]
    public void CreateNotifications_ForAnOrganisation_CreatesOneNewNotificationPerAddress()
    {
        var notifications = CreateNotifications(Organization(ReachableOrg));

        Assert.That(notifications.Select(n => n.EmailAddress), Is.EqualTo(new[] { "post@reachable.no", "faktura@reachable.no" }));
        Assert.That(notifications.Select(n => n.Status), Has.All.EqualTo(EmailNotificationStatus.New));
        Assert.That(notifications.Select(n => n.OrganizationNumber), Has.All.EqualTo(ReachableOrg));
        Assert.That(notifications.Select(n => n.RecipientName), Has.All.EqualTo("Reachable AS"));
        Assert.That(notifications.Select(n => n.NationalIdentityNumber), Has.All.Null);
    }

    [Test]
    public void CreateNotifications_ForAnOrganisation_CollapsesDuplicateAddressesAndIgnoresBlanks()
    {
        OrganizationContact[] organizations =
            [new(ReachableOrg, "Reachable AS", ["post@reachable.no", "", "POST@Reachable.no", "  ", "faktura@reachable.no", "Post@reachable.NO"])];

        var notifications = CreateNotifications(false, [], organizations, Organization(ReachableOrg));

        Assert.That(notifications.Select(n => n.EmailAddress), Is.EqualTo(new[] { "post@reachable.no", "faktura@reachable.no" }));
    }

    [Test]
    public void CreateNotifications_ForAnOrganisationWithoutEmails_CreatesOneNotIdentifiedNotification()
    {
        OrganizationContact[] organizations = [new(OrgWithoutEmails, "Silent AS", ["", " "])];

        var notification = CreateNotifications(false, [], organizations, Organization(OrgWithoutEmails)).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.Failed_RecipientNotIdentified));
        Assert.That(notification.EmailAddress, Is.Null);
        Assert.That(notification.OrganizationNumber, Is.EqualTo(OrgWithoutEmails));
        Assert.That(notification.RecipientName, Is.EqualTo("Silent AS"));
    }

    [Test]
    public void CreateNotifications_ForAnOrganisationUnknownToTheRegistry_CreatesOneNotIdentifiedNotification()
    {
        var notification = CreateNotifications(Organization(UnknownOrg)).Single();

        Assert.That(notification.Status, Is.EqualTo(EmailNotificationStatus.Failed_RecipientNotIdentified));
        Assert.That(notification.OrganizationNumber, Is.EqualTo(UnknownOrg));
        Assert.That(notification.RecipientName, Is.Null);
    }

    [Test]
    public void CreateNotifications_ForAMixedOrder_CreatesNotificationsForEveryRecipient()
    {
        var notifications = CreateNotifications(
            Email("user@example.com"), Person(ReachableNin), Person(ReservedNin), Person(UnknownNin), Organization(ReachableOrg), Organization(UnknownOrg));

        Assert.That(notifications.Select(n => n.Status), Is.EqualTo(new[]
        {
            EmailNotificationStatus.New,
            EmailNotificationStatus.New,
            EmailNotificationStatus.Failed_RecipientReserved,
            EmailNotificationStatus.Failed_RecipientNotIdentified,
            EmailNotificationStatus.New,
            EmailNotificationStatus.New,
            EmailNotificationStatus.Failed_RecipientNotIdentified,
        }));
    }

    [Test]
    public void CreateNotifications_ExpireEveryNotification48HoursAfterTheRequestedSendTime()
    {
        var notifications = CreateNotifications(Email("user@example.com"), Person(ReachableNin), Person(ReservedNin), Organization(ReachableOrg));

        Assert.That(notifications.Select(n => n.ExpiresAt), Has.All.EqualTo(RequestedSendTime + TimeSpan.FromHours(48)));
        Assert.That(FanOut.TimeToLive, Is.EqualTo(TimeSpan.FromHours(48)));
    }

    [Test]
    public void CreateNotifications_GivesEveryNotificationItsOwnIdAndTheOrdersId()
    {
        var recipients = Enumerable.Range(0, 50).Select(i => Email($"user{i}@example.com"))
            .Append(Person(ReservedNin)).Append(Organization(ReachableOrg)).Append(Organization(UnknownOrg)).ToArray();

        var notifications = CreateNotifications(recipients);

        Assert.That(notifications, Has.Count.EqualTo(50 + 1 + 2 + 1));
        Assert.That(notifications.Select(n => n.Id), Is.Unique);
        Assert.That(notifications.Select(n => n.Id), Has.None.EqualTo(Guid.Empty));
        Assert.That(notifications.Select(n => n.OrderId), Has.All.EqualTo(OrderId));
    }
}
