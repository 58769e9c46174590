namespace Notifications.Core.Domain;

/// <summary>
/// Who can be reached by email (docs/architecture.md#journey): the one rule behind both the registration-time
/// <see cref="RecipientLookupResult"/> and the notifications fan-out creates.
/// </summary>
/// <remarks>
/// A person is reachable when they are not reserved (or the order ignores reservation) <em>and</em> have an
/// address; an organisation when it has at least one address. Ignoring reservation lifts the reservation, it does
/// not invent an address: a reserved person without an email on an <c>ignoreReservation</c> order is not
/// identified, at fan-out and at registration alike.
/// </remarks>
public static class Reachability
{
    /// <summary>The status a person's notification starts in: <c>New</c> when reachable, else why not.</summary>
    public static EmailNotificationStatus ForPerson(PersonContact? person, bool ignoreReservation) => person switch
    {
        { IsReserved: true } when !ignoreReservation => EmailNotificationStatus.Failed_RecipientReserved,
        { Email: { } address } when !string.IsNullOrWhiteSpace(address) => EmailNotificationStatus.New,
        _ => EmailNotificationStatus.Failed_RecipientNotIdentified,
    };

    /// <summary>The organisation's distinct usable addresses; none means it is not identified.</summary>
    public static IReadOnlyList<string> AddressesOf(OrganizationContact? organization) =>
        organization?.Emails
            .Where(e => !string.IsNullOrWhiteSpace(e))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList() ?? [];
}
