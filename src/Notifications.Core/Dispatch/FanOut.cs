namespace Notifications.Core.Dispatch;

/// <summary>One notification per address, from recipients and their current contacts (docs/architecture.md#journey).</summary>
public static class FanOut
{
    /// <summary>Emails not sent (or, with ACS, not confirmed) within this window of the requested send time fail with Failed_TTL.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromHours(48);

    public static List<EmailNotification> CreateNotifications(
        NotificationOrder order,
        RecipientContacts contacts,
        DateTimeOffset now)
    {
        var expiresAt = order.RequestedSendTime + TimeToLive;
        var notifications = new List<EmailNotification>(order.Recipients.Count);

        EmailNotification Notification(EmailNotificationStatus status, string? email = null, string? nin = null, string? orgNumber = null, string? name = null) =>
            new(Guid.CreateVersion7(now), order.Id, email, nin, orgNumber, name, status, now, expiresAt);

        foreach (var recipient in order.Recipients)
        {
            if (recipient.EmailAddress is { } email)
            {
                notifications.Add(Notification(EmailNotificationStatus.New, email));
            }
            else if (recipient.NationalIdentityNumber is { } nin)
            {
                var person = contacts.Persons.GetValueOrDefault(nin);
                var status = Reachability.ForPerson(person, order.IgnoreReservation);
                // A notification that will not be sent carries no address.
                notifications.Add(Notification(status, status == EmailNotificationStatus.New ? person!.Email : null, nin, name: person?.Name));
            }
            else if (recipient.OrganizationNumber is { } orgNumber)
            {
                var organization = contacts.Organizations.GetValueOrDefault(orgNumber);
                var addresses = Reachability.AddressesOf(organization);
                if (addresses.Count == 0)
                {
                    notifications.Add(Notification(EmailNotificationStatus.Failed_RecipientNotIdentified, orgNumber: orgNumber, name: organization?.Name));
                }

                notifications.AddRange(addresses.Select(a => Notification(EmailNotificationStatus.New, a, orgNumber: orgNumber, name: organization!.Name)));
            }
        }

        return notifications;
    }
}
