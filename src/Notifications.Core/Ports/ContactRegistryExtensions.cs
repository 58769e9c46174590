namespace Notifications.Core.Ports;

public static class ContactRegistryExtensions
{
    /// <summary>
    /// Looks up the recipients' persons and organisations, each number once; a kind with nothing to look up is not
    /// asked for. Used at registration and again at fan-out (contacts may have changed in between).
    /// </summary>
    /// <exception cref="ContactRegistryUnavailableException">The registry could not answer.</exception>
    public static async Task<RecipientContacts> LookUpAsync(
        this IContactRegistry registry, IEnumerable<Recipient> recipients, CancellationToken cancellationToken)
    {
        var list = recipients as IReadOnlyCollection<Recipient> ?? recipients.ToList();
        var nins = list.Select(r => r.NationalIdentityNumber).OfType<string>().Distinct().ToList();
        var orgNumbers = list.Select(r => r.OrganizationNumber).OfType<string>().Distinct().ToList();
        var persons = nins.Count > 0 ? await registry.GetPersonContactsAsync(nins, cancellationToken) : [];
        var organizations = orgNumbers.Count > 0 ? await registry.GetOrganizationContactsAsync(orgNumbers, cancellationToken) : [];
        return new RecipientContacts(
            persons.DistinctBy(p => p.NationalIdentityNumber).ToDictionary(p => p.NationalIdentityNumber),
            organizations.DistinctBy(o => o.OrganizationNumber).ToDictionary(o => o.OrganizationNumber));
    }
}
