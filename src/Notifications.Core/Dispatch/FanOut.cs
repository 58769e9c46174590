using Notifications.Core.Domain;

namespace Notifications.Core.Dispatch;

/// <summary>One notification per address, from recipients and their current contacts (docs/architecture.md#journey).</summary>
public static class FanOut
{
    /// <summary>Emails not sent (or, with ACS, not confirmed) within this window of the requested send time fail with Failed_TTL.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromHours(48);

    public static List<EmailNotification> CreateNotifications(
        NotificationOrder order,
        IReadOnlyDictionary<string, PersonContact> persons,
        IReadOnlyDictionary<string, OrganizationContact> organizations,
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
                var person = persons.GetValueOrDefault(nin);
                notifications.Add(person switch
                {
                    { IsReserved: true } when !order.IgnoreReservation =>
                        Notification(EmailNotificationStatus.Failed_RecipientReserved, nin: nin, name: person.Name),
                    { Email: { } address } when !string.IsNullOrWhiteSpace(address) =>
                        Notification(EmailNotificationStatus.New, address, nin, name: person.Name),
                    _ => Notification(EmailNotificationStatus.Failed_RecipientNotIdentified, nin: nin, name: person?.Name),
                });
            }
            else if (recipient.OrganizationNumber is { } orgNumber)
            {
                var organization = organizations.GetValueOrDefault(orgNumber);
                var addresses = organization?.Emails
                    .Where(e => !string.IsNullOrWhiteSpace(e))
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToList() ?? [];
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
