using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Integrations.ContactRegistry;

namespace Notifications.Integrations.Tests.ContactRegistry;

[TestFixture]
public sealed class FileContactRegistryTests
{
    // The file format's example (docs/architecture.md#contracts).
    private const string SpecExample = """
        {
          "persons": [
            { "nationalIdentityNumber": "11876995923", "name": "Ola Nordmann",
              "email": "ola@example.com", "mobileNumber": "+4799999999", "isReserved": true }
          ],
          "organizations": [
            { "organizationNumber": "313600947", "name": "Testbedrift AS",
              "emails": ["post@testbedrift.example"], "mobileNumbers": [] }
          ]
        }
        """;

    private string _directory = null!;
    private string _path = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Directory.CreateTempSubdirectory("contact-registry-").FullName;
        _path = Path.Combine(_directory, "contact-registry.json");
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Lookups_ReadTheSpecFormat()
    {
        await File.WriteAllTextAsync(_path, SpecExample);
        var registry = new FileContactRegistry(_path);

        var persons = await registry.GetPersonContactsAsync(["11876995923"], CancellationToken.None);
        var organizations = await registry.GetOrganizationContactsAsync(["313600947"], CancellationToken.None);

        Assert.That(persons, Is.EqualTo(new[] { new PersonContact("11876995923", "Ola Nordmann", "ola@example.com", true) }));
        var organization = organizations.Single();
        Assert.That(organization.OrganizationNumber, Is.EqualTo("313600947"));
        Assert.That(organization.Name, Is.EqualTo("Testbedrift AS"));
        Assert.That(organization.Emails, Is.EqualTo(new[] { "post@testbedrift.example" }));
    }

    [Test]
    public async Task Lookups_LeaveUnknownNumbersOut_AndAnswerDuplicatesOnce()
    {
        await File.WriteAllTextAsync(_path, SpecExample);
        var registry = new FileContactRegistry(_path);

        var persons = await registry.GetPersonContactsAsync(["11876995923", "01017012345", "11876995923"], CancellationToken.None);
        var organizations = await registry.GetOrganizationContactsAsync(["910000001"], CancellationToken.None);

        Assert.That(persons.Select(p => p.NationalIdentityNumber), Is.EqualTo(new[] { "11876995923" }));
        Assert.That(organizations, Is.Empty);
    }

    [Test]
    public async Task Lookups_IgnoreEmptyEmails()
    {
        await File.WriteAllTextAsync(_path, """
            {
              "persons": [
                { "nationalIdentityNumber": "01017012345", "email": "" },
                { "nationalIdentityNumber": "02027012345", "email": "  " },
                { "nationalIdentityNumber": "03037012345" }
              ],
              "organizations": [ { "organizationNumber": "313600947", "emails": ["", " ", "post@testbedrift.example"] } ]
            }
            """);
        var registry = new FileContactRegistry(_path);

        var persons = await registry.GetPersonContactsAsync(["01017012345", "02027012345", "03037012345"], CancellationToken.None);
        var organizations = await registry.GetOrganizationContactsAsync(["313600947"], CancellationToken.None);

        Assert.That(persons, Has.Count.EqualTo(3).And.All.Property(nameof(PersonContact.Email)).Null);
        Assert.That(organizations.Single().Emails, Is.EqualTo(new[] { "post@testbedrift.example" }));
    }

    [Test]
    public async Task Lookups_ReReadTheFileAfterItChanges()
    {
        await WritePersonAsync("before@example.com");
        var registry = new FileContactRegistry(_path);
        await registry.GetPersonContactsAsync(["01017012345"], CancellationToken.None);

        await WritePersonAsync("after@example.com", isReserved: true);
        var persons = await registry.GetPersonContactsAsync(["01017012345"], CancellationToken.None);

        Assert.That(persons.Single(), Is.EqualTo(new PersonContact("01017012345", null, "after@example.com", true)));
    }

    [Test]
    public async Task Lookups_SeeARewriteThatKeepsTheLastWriteTime()
    {
        // File systems with coarse timestamps (FAT and SMB: 2 s; Linux before 6.13: a scheduler tick) give a rewrite
        // right after a read the same last-write time; pinning the time simulates that on any machine.
        var tick = DateTime.UtcNow;
        await WritePersonAsync("aaaa@example.com");
        File.SetLastWriteTimeUtc(_path, tick);
        var registry = new FileContactRegistry(_path);
        await registry.GetPersonContactsAsync(["01017012345"], CancellationToken.None);

        await WritePersonAsync("bbbb@example.com");
        File.SetLastWriteTimeUtc(_path, tick);
        var persons = await registry.GetPersonContactsAsync(["01017012345"], CancellationToken.None);

        Assert.That(persons.Single().Email, Is.EqualTo("bbbb@example.com"));
    }

    [Test]
    public void Lookups_WhenTheFileIsMissing_ThrowUnavailable()
    {
        var registry = new FileContactRegistry(_path);

        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => registry.GetPersonContactsAsync(["11876995923"], CancellationToken.None));
        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => registry.GetOrganizationContactsAsync(["313600947"], CancellationToken.None));
    }

    [Test]
    public async Task Lookups_WhenTheFileIsDeletedAfterARead_ThrowUnavailableRatherThanAnswerFromMemory()
    {
        await File.WriteAllTextAsync(_path, SpecExample);
        var registry = new FileContactRegistry(_path);
        await registry.GetPersonContactsAsync(["11876995923"], CancellationToken.None);

        File.Delete(_path);

        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => registry.GetPersonContactsAsync(["11876995923"], CancellationToken.None));
    }

    [TestCase("{ \"persons\": [ { \"nationalIdentityNumber\": ")]
    [TestCase("not json at all")]
    [TestCase("{ \"persons\": [ { \"nationalIdentityNumber\": \"11876995923\", \"isReserved\": \"maybe\" } ] }")]
    public async Task Lookups_WhenTheFileIsNotValidJson_ThrowUnavailable_AndRecoverOnceFixed(string broken)
    {
        await File.WriteAllTextAsync(_path, broken);
        var registry = new FileContactRegistry(_path);

        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => registry.GetPersonContactsAsync(["11876995923"], CancellationToken.None));

        await File.WriteAllTextAsync(_path, SpecExample);
        var persons = await registry.GetPersonContactsAsync(["11876995923"], CancellationToken.None);
        Assert.That(persons.Single().Name, Is.EqualTo("Ola Nordmann"));
    }

    private Task WritePersonAsync(string email, bool isReserved = false) => File.WriteAllTextAsync(
        _path, $$"""{ "persons": [ { "nationalIdentityNumber": "01017012345", "email": "{{email}}", "isReserved": {{(isReserved ? "true" : "false")}} } ] }""");
}
