namespace Notifications.Core.Orders.Registration;

/// <summary>Looks up persons and organisations; summarises who is reachable (docs/architecture.md#journey).</summary>
public static class RecipientLookup
{
    /// <returns>Null when no recipient needed a lookup (every one was an email address).</returns>
    public static async Task<RecipientLookupResult?> LookUpAsync(
        IContactRegistry registry, IReadOnlyList<Recipient> recipients, bool ignoreReservation, CancellationToken cancellationToken)
    {
        if (!IsNeeded(recipients))
        {
            return null;
        }

        var contacts = await registry.LookUpAsync(recipients, cancellationToken);
        return Summarise(recipients, contacts, ignoreReservation);
    }

    /// <summary>Whether any recipient is a person or an organisation, to be looked up.</summary>
    public static bool IsNeeded(IReadOnlyList<Recipient> recipients) =>
        recipients.Any(r => r.NationalIdentityNumber is not null || r.OrganizationNumber is not null);

    /// <remarks>
    /// The status counts with <see cref="Reachability"/>, the rule fan-out applies, so registration predicts what fan-out
    /// will do. The two lists stay what the contract says they are: <c>isReserved</c> every reserved person, and
    /// <c>missingContact</c> those without an address excluding the reserved ones. So a reserved person without an email
    /// on an <c>ignoreReservation</c> order is in neither "missingContact" nor "reserved and not ignored", yet it is
    /// unreachable (fan-out marks it Failed_RecipientNotIdentified: ignoring a reservation does not give it an address);
    /// it counts as unreachable here too, listed under <c>isReserved</c> only. Reading the contract's union literally would
    /// report such an order <c>Success</c> and then send it nothing.
    /// </remarks>
    public static RecipientLookupResult Summarise(IReadOnlyList<Recipient> recipients, RecipientContacts contacts, bool ignoreReservation)
    {
        var nins = recipients.Select(r => r.NationalIdentityNumber).OfType<string>().Distinct().ToList();
        var orgNumbers = recipients.Select(r => r.OrganizationNumber).OfType<string>().Distinct().ToList();
        bool IsReserved(string nin) => contacts.Persons.GetValueOrDefault(nin) is { IsReserved: true };
        bool PersonUnreachable(string nin) =>
            Reachability.ForPerson(contacts.Persons.GetValueOrDefault(nin), ignoreReservation) != EmailNotificationStatus.New;
        bool OrganizationUnreachable(string number) =>
            Reachability.AddressesOf(contacts.Organizations.GetValueOrDefault(number)).Count == 0;

        var reserved = nins.Where(IsReserved).ToList();
        var missingContact = nins.Where(n => !IsReserved(n) && PersonUnreachable(n))
            .Concat(orgNumbers.Where(OrganizationUnreachable))
            .ToList();

        var unreachable = nins.Count(PersonUnreachable) + orgNumbers.Count(OrganizationUnreachable);
        var lookedUp = nins.Count + orgNumbers.Count;
        var status = unreachable == 0 ? RecipientLookupStatus.Success
            : unreachable >= lookedUp ? RecipientLookupStatus.Failed
            : RecipientLookupStatus.PartialSuccess;
        return new RecipientLookupResult(status, reserved, missingContact);
    }
}
