using Notifications.Core.Domain;

namespace Notifications.Core.Tests.Domain;

public sealed class RecipientTests
{
    [Test]
    public void DeduplicationKey_WithEmailAddressesDifferingOnlyInCase_IsTheSame()
    {
        Assert.That(
            new Recipient(EmailAddress: "Ola.Nordmann@Example.NO").DeduplicationKey,
            Is.EqualTo(new Recipient(EmailAddress: "ola.nordmann@example.no").DeduplicationKey));
    }

    [Test]
    public void DeduplicationKey_WithNinAndOrganizationNumberOfSameDigits_Differs()
    {
        Assert.That(
            new Recipient(NationalIdentityNumber: "123456789").DeduplicationKey,
            Is.Not.EqualTo(new Recipient(OrganizationNumber: "123456789").DeduplicationKey));
    }
}
