using System.Text.Json;

namespace Notifications.Integrations.ContactRegistry;

/// <summary>
/// Contacts from a JSON file (docs/architecture.md#contracts), re-read when it changes, so tests and local runs edit
/// it while the service runs.
/// </summary>
public sealed class FileContactRegistry(string path) : IContactRegistry
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Last-write times are coarse on many file systems (FAT and SMB: 2 s; Linux before 6.13: a scheduler tick), so a
    /// rewrite soon after a read can keep both time and length. A copy is trusted by its stamp only when the file was
    /// already this old when it was read; until then every lookup reads the file again (git's "racy clean" rule).
    /// </summary>
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private Snapshot? _snapshot;

    public Task<IReadOnlyList<PersonContact>> GetPersonContactsAsync(IReadOnlyCollection<string> nationalIdentityNumbers, CancellationToken cancellationToken)
    {
        var snapshot = Load();
        IReadOnlyList<PersonContact> found = nationalIdentityNumbers.Distinct()
            .Select(n => snapshot.Persons.GetValueOrDefault(n))
            .OfType<PersonContact>()
            .ToList();
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<OrganizationContact>> GetOrganizationContactsAsync(IReadOnlyCollection<string> organizationNumbers, CancellationToken cancellationToken)
    {
        var snapshot = Load();
        IReadOnlyList<OrganizationContact> found = organizationNumbers.Distinct()
            .Select(n => snapshot.Organizations.GetValueOrDefault(n))
            .OfType<OrganizationContact>()
            .ToList();
        return Task.FromResult(found);
    }

    private Snapshot Load()
    {
        FileStamp stamp;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ContactRegistryUnavailableException($"The contact registry file '{path}' does not exist.");
            }

            stamp = new FileStamp(info.LastWriteTimeUtc, info.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContactRegistryUnavailableException($"The contact registry file '{path}' cannot be read.", e);
        }

        lock (_gate)
        {
            if (_snapshot is { } current && current.Stamp == stamp && current.ReadAt - stamp.Written > RacyWindow)
            {
                return current;
            }

            var readAt = DateTime.UtcNow;
            try
            {
                using var stream = System.IO.File.OpenRead(path);
                var file = JsonSerializer.Deserialize<RegistryFile>(stream, Json) ?? new RegistryFile();
                _snapshot = new Snapshot(
                    stamp,
                    readAt,
                    (file.Persons ?? []).Where(p => p.NationalIdentityNumber is not null)
                        .GroupBy(p => p.NationalIdentityNumber!)
                        .ToDictionary(g => g.Key, g => g.Last().ToContact()),
                    (file.Organizations ?? []).Where(o => o.OrganizationNumber is not null)
                        .GroupBy(o => o.OrganizationNumber!)
                        .ToDictionary(g => g.Key, g => g.Last().ToContact()));
                return _snapshot;
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                throw new ContactRegistryUnavailableException($"The contact registry file '{path}' cannot be read.", e);
            }
        }
    }

    private sealed record FileStamp(DateTime Written, long Length);

    private sealed record Snapshot(
        FileStamp Stamp,
        DateTime ReadAt,
        IReadOnlyDictionary<string, PersonContact> Persons,
        IReadOnlyDictionary<string, OrganizationContact> Organizations);

    private sealed class RegistryFile
    {
        public List<PersonEntry>? Persons { get; set; }

        public List<OrganizationEntry>? Organizations { get; set; }
    }

    private sealed class PersonEntry
    {
        public string? NationalIdentityNumber { get; set; }

        public string? Name { get; set; }

        public string? Email { get; set; }

        public string? MobileNumber { get; set; }

        public bool IsReserved { get; set; }

        public PersonContact ToContact() => new(NationalIdentityNumber!, Name, string.IsNullOrWhiteSpace(Email) ? null : Email, IsReserved);
    }

    private sealed class OrganizationEntry
    {
        public string? OrganizationNumber { get; set; }

        public string? Name { get; set; }

        public List<string>? Emails { get; set; }

        public List<string>? MobileNumbers { get; set; }

        public OrganizationContact ToContact() =>
            new(OrganizationNumber!, Name, (Emails ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).ToList());
    }
}
