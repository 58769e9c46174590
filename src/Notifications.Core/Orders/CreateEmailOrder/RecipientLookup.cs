using Notifications.Core.Domain;
using Notifications.Core.Ports;

namespace Notifications.Core.Orders.CreateEmailOrder;

/// <summary>Looks up persons and organisations; summarises who is reachable (docs/architecture.md#journey).</summary>
public static class RecipientLookup
{
    /// <returns>Null when no recipient needed a lookup (every one was an email address).</returns>
    public static async Task<RecipientLookupResult?> LookUpAsync(
        IContactRegistry registry, IReadOnlyList<Recipient> recipients, bool ignoreReservation, CancellationToken cancellationToken)
    {
        var nins = recipients.Select(r => r.NationalIdentityNumber).OfType<string>().Distinct().ToList();
        var orgNumbers = recipients.Select(r => r.OrganizationNumber).OfType<string>().Distinct().ToList();
        if (nins.Count == 0 && orgNumbers.Count == 0)
        {
            return null;
        }

        var persons = nins.Count > 0 ? await registry.GetPersonContactsAsync(nins, cancellationToken) : [];
        var organizations = orgNumbers.Count > 0 ? await registry.GetOrganizationContactsAsync(orgNumbers, cancellationToken) : [];
        return Summarise(nins, orgNumbers, persons, organizations, ignoreReservation);
    }

    public static RecipientLookupResult Summarise(
        IReadOnlyList<string> nins,
        IReadOnlyList<string> orgNumbers,
        IReadOnlyList<PersonContact> persons,
        IReadOnlyList<OrganizationContact> organizations,
        bool ignoreReservation)
    {
        var personByNin = persons.GroupBy(p => p.NationalIdentityNumber).ToDictionary(g => g.Key, g => g.First());
        var organizationByNumber = organizations.GroupBy(o => o.OrganizationNumber).ToDictionary(g => g.Key, g => g.First());

        var reserved = nins.Where(n => personByNin.TryGetValue(n, out var p) && p.IsReserved).ToList();
        var missingContact = nins
            .Where(n => !personByNin.TryGetValue(n, out var p) || (!p.IsReserved && string.IsNullOrWhiteSpace(p.Email)))
            .Concat(orgNumbers.Where(o => !organizationByNumber.TryGetValue(o, out var org) || !org.Emails.Any(e => !string.IsNullOrWhiteSpace(e))))
            .ToList();

        var unreachable = missingContact.Count + (ignoreReservation ? 0 : reserved.Count);
        var lookedUp = nins.Count + orgNumbers.Count;
        var status = unreachable == 0 ? RecipientLookupStatus.Success
            : unreachable >= lookedUp ? RecipientLookupStatus.Failed
            : RecipientLookupStatus.PartialSuccess;
        return new RecipientLookupResult(status, reserved, missingContact);
    }
}
