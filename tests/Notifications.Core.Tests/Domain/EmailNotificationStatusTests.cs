using Notifications.Core.Domain;
using static Notifications.Core.Domain.EmailNotificationStatus;

namespace Notifications.Core.Tests.Domain;

public sealed class EmailNotificationStatusTests
{
    // The columns: status, provider sends delivery reports (ACS), expected IsFinal.
    [TestCase(New, false, false)]
    [TestCase(New, true, false)]
    [TestCase(Sending, false, false)]
    [TestCase(Sending, true, false)]
    [TestCase(Succeeded, false, true)]
    [TestCase(Succeeded, true, false)]
    [TestCase(Delivered, false, true)]
    [TestCase(Delivered, true, true)]
    [TestCase(Failed, false, true)]
    [TestCase(Failed, true, true)]
    [TestCase(Failed_RecipientReserved, false, true)]
    [TestCase(Failed_RecipientReserved, true, true)]
    [TestCase(Failed_RecipientNotIdentified, false, true)]
    [TestCase(Failed_RecipientNotIdentified, true, true)]
    [TestCase(Failed_InvalidEmailFormat, false, true)]
    [TestCase(Failed_InvalidEmailFormat, true, true)]
    [TestCase(Failed_SupressedRecipient, false, true)]
    [TestCase(Failed_SupressedRecipient, true, true)]
    [TestCase(Failed_Bounced, false, true)]
    [TestCase(Failed_Bounced, true, true)]
    [TestCase(Failed_FilteredSpam, false, true)]
    [TestCase(Failed_FilteredSpam, true, true)]
    [TestCase(Failed_Quarantined, false, true)]
    [TestCase(Failed_Quarantined, true, true)]
    [TestCase(Failed_TTL, false, true)]
    [TestCase(Failed_TTL, true, true)]
    public void IsFinal_DependsOnTheStatusAndWhetherTheProviderReportsDelivery(EmailNotificationStatus status, bool providerReportsDelivery, bool expected)
    {
        Assert.That(status.IsFinal(providerReportsDelivery), Is.EqualTo(expected));
    }

    [Test]
    public void IsFinal_IsCoveredForEveryStatus()
    {
        // Guards the table above: a new status must be added to it.
        Assert.That(Enum.GetValues<EmailNotificationStatus>(), Has.Length.EqualTo(13));
    }

    [TestCase(Succeeded, true)]
    [TestCase(Delivered, true)]
    [TestCase(New, false)]
    [TestCase(Sending, false)]
    [TestCase(Failed, false)]
    [TestCase(Failed_RecipientReserved, false)]
    [TestCase(Failed_RecipientNotIdentified, false)]
    [TestCase(Failed_InvalidEmailFormat, false)]
    [TestCase(Failed_SupressedRecipient, false)]
    [TestCase(Failed_Bounced, false)]
    [TestCase(Failed_FilteredSpam, false)]
    [TestCase(Failed_Quarantined, false)]
    [TestCase(Failed_TTL, false)]
    public void IsSucceeded_IsTrueOnlyForSucceededAndDelivered(EmailNotificationStatus status, bool expected)
    {
        Assert.That(status.IsSucceeded(), Is.EqualTo(expected));
    }

    [Test]
    public void IsFailed_IsTrueExactlyForTheFailedStatuses()
    {
        var failed = Enum.GetValues<EmailNotificationStatus>().Where(s => s.IsFailed());

        Assert.That(failed, Is.EquivalentTo(new[]
        {
            Failed, Failed_RecipientReserved, Failed_RecipientNotIdentified, Failed_InvalidEmailFormat,
            Failed_SupressedRecipient, Failed_Bounced, Failed_FilteredSpam, Failed_Quarantined, Failed_TTL,
        }));
    }

    [Test]
    public void Description_OfEveryStatus_IsOneDistinctSentence()
    {
        var descriptions = Enum.GetValues<EmailNotificationStatus>().Select(s => s.Description()).ToList();

        Assert.That(descriptions, Has.All.Not.Empty);
        Assert.That(descriptions, Has.All.EndWith("."));
        Assert.That(descriptions, Is.Unique);
        Assert.That(descriptions, Has.None.Contains("unknown"));
    }

    [Test]
    public void Names_AreExactlyThePublicContracts()
    {
        // The public contract's names, including its spelling "Supressed".
        Assert.That(Enum.GetNames<EmailNotificationStatus>(), Is.EqualTo(new[]
        {
            "New", "Sending", "Succeeded", "Delivered", "Failed", "Failed_RecipientReserved", "Failed_RecipientNotIdentified",
            "Failed_InvalidEmailFormat", "Failed_SupressedRecipient", "Failed_Bounced", "Failed_FilteredSpam", "Failed_Quarantined",
            "Failed_TTL",
        }));
    }
}
