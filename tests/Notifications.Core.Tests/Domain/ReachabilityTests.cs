using Notifications.Core.Dispatch;
using Notifications.Core.Domain;
using Notifications.Core.Orders.CreateEmailOrder;
using static Notifications.Core.Tests.Dispatch.DispatchData;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Tests.Domain;

/// <summary>Registration's lookup result predicts fan-out: both ask <see cref="Reachability"/>.</summary>
public sealed class ReachabilityTests
{
    private const string ReservedNinWithoutEmail = "01017000004";

    private static readonly RecipientContacts Contacts = new(
        Persons.Append(new PersonContact(ReservedNinWithoutEmail, "Kari Uten", null, IsReserved: true))
            .ToDictionary(p => p.NationalIdentityNumber),
        Organizations.ToDictionary(o => o.OrganizationNumber));

    private static IEnumerable<TestCaseData> Recipients()
    {
        foreach (var ignoreReservation in new[] { false, true })
        {
            foreach (var recipient in new[]
            {
                Person(ReachableNin), Person(ReservedNin), Person(NinWithoutEmail), Person(ReservedNinWithoutEmail), Person(UnknownNin),
                Organization(ReachableOrg), Organization(OrgWithoutEmails), Organization(UnknownOrg),
            })
            {
                yield return new TestCaseData(recipient, ignoreReservation)
                    .SetArgDisplayNames(recipient.DeduplicationKey, $"ignoreReservation={ignoreReservation}");
            }
        }
    }

    [TestCaseSource(nameof(Recipients))]
    public void Summarise_CallsARecipientUnreachableExactlyWhenFanOutSendsItNothing(Recipient recipient, bool ignoreReservation)
    {
        var registration = RecipientLookup.Summarise([recipient], Contacts, ignoreReservation);
        var fanOut = FanOut.CreateNotifications(Order([recipient], ignoreReservation: ignoreReservation), Contacts, FixedTimeProvider.DefaultNow);

        var sendsSomething = fanOut.Any(n => n.Status == EmailNotificationStatus.New);
        Assert.That(registration.Status, Is.EqualTo(sendsSomething ? RecipientLookupStatus.Success : RecipientLookupStatus.Failed));
    }

    [TestCase(false, EmailNotificationStatus.Failed_RecipientReserved)]
    [TestCase(true, EmailNotificationStatus.Failed_RecipientNotIdentified)]
    public void ForPerson_WithReservedPersonWithoutEmail_IsNeverNew(bool ignoreReservation, EmailNotificationStatus expected)
    {
        var person = new PersonContact(ReservedNinWithoutEmail, "Kari Uten", " ", IsReserved: true);

        Assert.That(Reachability.ForPerson(person, ignoreReservation), Is.EqualTo(expected));
    }

    [Test]
    public void AddressesOf_DropsBlankAndCaseInsensitiveDuplicateAddresses()
    {
        var organization = new OrganizationContact(ReachableOrg, "Reachable AS", ["post@reachable.no", " ", "POST@reachable.no", "faktura@reachable.no"]);

        Assert.That(Reachability.AddressesOf(organization), Is.EqualTo(new[] { "post@reachable.no", "faktura@reachable.no" }));
    }
}
