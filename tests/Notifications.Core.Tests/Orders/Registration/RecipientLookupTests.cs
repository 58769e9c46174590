using Moq;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateEmailOrder;
using Notifications.Core.Ports;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Tests.Orders.Registration;

public sealed class RecipientLookupTests
{
    private const string ReachableNin = "01017000001";
    private const string ReservedNin = "01017000002";
    private const string NinWithoutEmail = "01017000003";
    private const string ReservedNinWithoutEmail = "01017000004";
    private const string UnknownNin = "01017000005";
    private const string ReachableOrg = "100000001";
    private const string OrgWithoutEmails = "100000002";
    private const string UnknownOrg = "100000003";

    private static readonly PersonContact[] Persons =
    [
        new(ReachableNin, "Reachable", "reachable@example.com", IsReserved: false),
        new(ReservedNin, "Reserved", "reserved@example.com", IsReserved: true),
        new(NinWithoutEmail, "No email", null, IsReserved: false),
        new(ReservedNinWithoutEmail, "Reserved, no email", "  ", IsReserved: true),
    ];

    private static readonly OrganizationContact[] Organizations =
    [
        new(ReachableOrg, "Reachable AS", ["post@reachable.no"]),
        new(OrgWithoutEmails, "Silent AS", ["", " "]),
    ];

    private static readonly RecipientContacts AllContacts = new(
        Persons.ToDictionary(p => p.NationalIdentityNumber), Organizations.ToDictionary(o => o.OrganizationNumber));

    private readonly Mock<IContactRegistry> _registry = new(MockBehavior.Strict);

    [SetUp]
    public void SetUp()
    {
        // The registry answers only for the numbers asked about, as the real ones do.
        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyCollection<string> nins, CancellationToken _) =>
                Persons.Where(p => nins.Contains(p.NationalIdentityNumber)).ToList());
        _registry
            .Setup(r => r.GetOrganizationContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyCollection<string> numbers, CancellationToken _) =>
                Organizations.Where(o => numbers.Contains(o.OrganizationNumber)).ToList());
    }

    private Task<RecipientLookupResult?> LookUpAsync(bool ignoreReservation, params Recipient[] recipients) =>
        RecipientLookup.LookUpAsync(_registry.Object, recipients, ignoreReservation, CancellationToken.None);

    private static Recipient Person(string nin) => new(NationalIdentityNumber: nin);

    private static Recipient Organization(string number) => new(OrganizationNumber: number);

    private static Recipient Email(string address) => new(EmailAddress: address);

    [Test]
    public async Task LookUpAsync_WithOnlyEmailRecipients_ReturnsNullWithoutCallingTheRegistry()
    {
        var result = await LookUpAsync(false, Email("a@example.com"), Email("b@example.com"));

        Assert.That(result, Is.Null);
        _registry.VerifyNoOtherCalls();
    }

    [Test]
    public async Task LookUpAsync_WithOnlyPersons_DoesNotAskForOrganizations()
    {
        await LookUpAsync(false, Person(ReachableNin));

        _registry.Verify(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Once);
        _registry.VerifyNoOtherCalls();
    }

    [Test]
    public async Task LookUpAsync_WithReachablePersonAndOrganization_ReportsSuccess()
    {
        var result = await LookUpAsync(false, Person(ReachableNin), Organization(ReachableOrg));

        Assert.That(result, Is.Not.Null);
        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Success));
        Assert.That(result.IsReserved, Is.Empty);
        Assert.That(result.MissingContact, Is.Empty);
    }

    [Test]
    public async Task LookUpAsync_WithOnlyAReservedPerson_ListsItInIsReservedAndFails()
    {
        var result = await LookUpAsync(false, Person(ReservedNin));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Failed));
        Assert.That(result.IsReserved, Is.EqualTo(new[] { ReservedNin }));
        Assert.That(result.MissingContact, Is.Empty);
    }

    [Test]
    public async Task LookUpAsync_WithOnlyAReservedPersonAndIgnoreReservation_StillListsItInIsReservedButSucceeds()
    {
        var result = await LookUpAsync(true, Person(ReservedNin));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Success));
        Assert.That(result.IsReserved, Is.EqualTo(new[] { ReservedNin }));
        Assert.That(result.MissingContact, Is.Empty);
    }

    [Test]
    public async Task LookUpAsync_WithPersonWithoutEmail_ListsItInMissingContact()
    {
        var result = await LookUpAsync(false, Person(NinWithoutEmail));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Failed));
        Assert.That(result.MissingContact, Is.EqualTo(new[] { NinWithoutEmail }));
        Assert.That(result.IsReserved, Is.Empty);
    }

    [Test]
    public async Task LookUpAsync_WithReservedPersonWithoutEmail_ListsItOnlyInIsReserved()
    {
        var result = await LookUpAsync(false, Person(ReservedNinWithoutEmail));

        Assert.That(result!.IsReserved, Is.EqualTo(new[] { ReservedNinWithoutEmail }));
        Assert.That(result.MissingContact, Is.Empty);
        Assert.That(result.Status, Is.EqualTo(RecipientLookupStatus.Failed));
    }

    [Test]
    public async Task LookUpAsync_WithReservedPersonWithoutEmailAndIgnoreReservation_FailsAsFanOutWillNotIdentifyIt()
    {
        // Fan-out marks this person Failed_RecipientNotIdentified: ignoring the reservation gives them no address.
        var result = await LookUpAsync(true, Person(ReservedNinWithoutEmail));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Failed));
        Assert.That(result.IsReserved, Is.EqualTo(new[] { ReservedNinWithoutEmail }));
        Assert.That(result.MissingContact, Is.Empty);
    }

    [Test]
    public async Task LookUpAsync_WithReachablePersonAndReservedPersonWithoutEmailAndIgnoreReservation_ReportsPartialSuccess()
    {
        var result = await LookUpAsync(true, Person(ReachableNin), Person(ReservedNinWithoutEmail));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.PartialSuccess));
    }

    [Test]
    public async Task LookUpAsync_WithUnknownNin_ListsItInMissingContact()
    {
        var result = await LookUpAsync(false, Person(UnknownNin));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Failed));
        Assert.That(result.MissingContact, Is.EqualTo(new[] { UnknownNin }));
        Assert.That(result.IsReserved, Is.Empty);
    }

    [Test]
    public async Task LookUpAsync_WithOrganizationWithoutEmails_ListsItInMissingContact()
    {
        var result = await LookUpAsync(false, Organization(OrgWithoutEmails));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Failed));
        Assert.That(result.MissingContact, Is.EqualTo(new[] { OrgWithoutEmails }));
    }

    [Test]
    public async Task LookUpAsync_WithUnknownOrganization_ListsItInMissingContact()
    {
        var result = await LookUpAsync(false, Organization(UnknownOrg));

        Assert.That(result!.MissingContact, Is.EqualTo(new[] { UnknownOrg }));
    }

    [Test]
    public async Task LookUpAsync_WithSomeUnreachable_ReportsPartialSuccess()
    {
        var result = await LookUpAsync(
            false,
            Person(ReachableNin), Person(ReservedNin), Person(NinWithoutEmail), Person(ReservedNinWithoutEmail),
            Person(UnknownNin), Organization(ReachableOrg), Organization(OrgWithoutEmails), Organization(UnknownOrg));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.PartialSuccess));
        Assert.That(result.IsReserved, Is.EquivalentTo(new[] { ReservedNin, ReservedNinWithoutEmail }));
        Assert.That(result.MissingContact, Is.EquivalentTo(new[] { NinWithoutEmail, UnknownNin, OrgWithoutEmails, UnknownOrg }));
    }

    [Test]
    public async Task LookUpAsync_WithReachablePersonAndReservedPerson_ReportsPartialSuccess()
    {
        var result = await LookUpAsync(false, Person(ReachableNin), Person(ReservedNin));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.PartialSuccess));
    }

    [Test]
    public async Task LookUpAsync_WithReachablePersonAndReservedPersonAndIgnoreReservation_ReportsSuccess()
    {
        var result = await LookUpAsync(true, Person(ReachableNin), Person(ReservedNin));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Success));
        Assert.That(result.IsReserved, Is.EqualTo(new[] { ReservedNin }));
    }

    [Test]
    public async Task LookUpAsync_WithEmailRecipientsBesideAnUnreachablePerson_DoesNotCountTheEmailRecipients()
    {
        var result = await LookUpAsync(false, Email("a@example.com"), Email("b@example.com"), Person(UnknownNin));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Failed));
        Assert.That(result.MissingContact, Is.EqualTo(new[] { UnknownNin }));
    }

    [Test]
    public async Task LookUpAsync_WithEmailRecipientsBesideAReachablePerson_ReportsSuccess()
    {
        var result = await LookUpAsync(false, Email("a@example.com"), Person(ReachableNin));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.Success));
    }

    [Test]
    public async Task LookUpAsync_WithDuplicateNins_AsksAndCountsEachOnce()
    {
        var result = await LookUpAsync(false, Person(UnknownNin), Person(UnknownNin), Person(ReachableNin));

        Assert.That(result!.Status, Is.EqualTo(RecipientLookupStatus.PartialSuccess));
        Assert.That(result.MissingContact, Is.EqualTo(new[] { UnknownNin }));
        _registry.Verify(r => r.GetPersonContactsAsync(
            It.Is<IReadOnlyCollection<string>>(n => n.Count == 2 && n.Contains(UnknownNin) && n.Contains(ReachableNin)),
            It.IsAny<CancellationToken>()));
    }

    [Test]
    public async Task LookUpAsync_WithDuplicateReservedNins_ListsItOnce()
    {
        var result = await LookUpAsync(false, Person(ReservedNin), Person(ReservedNin), Person(ReachableNin));

        Assert.That(result!.IsReserved, Is.EqualTo(new[] { ReservedNin }));
        Assert.That(result.Status, Is.EqualTo(RecipientLookupStatus.PartialSuccess));
    }

    [Test]
    public void LookUpAsync_WhenTheRegistryIsUnavailable_Throws()
    {
        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ContactRegistryUnavailableException("down"));

        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => LookUpAsync(false, Person(ReachableNin)));
    }

    [Test]
    public void Summarise_WithReservedPersonAndOrganizationWithoutEmails_ReportsFailed()
    {
        var result = RecipientLookup.Summarise([Person(ReservedNin), Organization(OrgWithoutEmails)], AllContacts, ignoreReservation: false);

        Assert.That(result.Status, Is.EqualTo(RecipientLookupStatus.Failed));
        Assert.That(result.IsReserved, Is.EqualTo(new[] { ReservedNin }));
        Assert.That(result.MissingContact, Is.EqualTo(new[] { OrgWithoutEmails }));
    }

    [Test]
    public void Summarise_WithReservedPersonAndOrganizationWithoutEmailsAndIgnoreReservation_ReportsPartialSuccess()
    {
        var result = RecipientLookup.Summarise([Person(ReservedNin), Organization(OrgWithoutEmails)], AllContacts, ignoreReservation: true);

        Assert.That(result.Status, Is.EqualTo(RecipientLookupStatus.PartialSuccess));
    }
}
