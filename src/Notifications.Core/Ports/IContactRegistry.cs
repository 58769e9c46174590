namespace Notifications.Core.Ports;

/// <summary>Looks up contact details of persons (by NIN) and organisations (by organisation number).</summary>
/// <remarks>
/// Numbers the registry does not know are simply absent from the result. When the registry cannot answer
/// (unreachable, non-2xx, timeout) implementations throw <see cref="ContactRegistryUnavailableException"/>,
/// never return an empty result.
/// </remarks>
public interface IContactRegistry
{
    Task<IReadOnlyList<PersonContact>> GetPersonContactsAsync(IReadOnlyCollection<string> nationalIdentityNumbers, CancellationToken cancellationToken);

    Task<IReadOnlyList<OrganizationContact>> GetOrganizationContactsAsync(IReadOnlyCollection<string> organizationNumbers, CancellationToken cancellationToken);
}

public sealed class ContactRegistryUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
