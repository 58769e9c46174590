namespace Notifications.Api.Tests.Http;

/// <summary>The contact registry file the test hosts read (format: docs/architecture.md#contracts).</summary>
public static class TestContacts
{
    public const string ReservedNin = "11876995923";
    public const string PersonWithEmailNin = "07837399275";
    public const string PersonWithoutEmailNin = "26876848901";
    public const string UnknownNin = "01010112345";
    public const string OrgWithEmail = "313600947";
    public const string OrgWithoutEmail = "310000001";
    public const string OrgWithTwoEmails = "312345674";
    public const string OrgWithMarkupInName = "315555555";
    public const string UnknownOrg = "999999999";

    private static readonly Lazy<string> File = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"notifications-contacts-{Guid.NewGuid():N}.json");
        System.IO.File.WriteAllText(path, $$"""
            {
              "persons": [
                { "nationalIdentityNumber": "{{ReservedNin}}", "name": "Ola Nordmann", "email": "ola@example.com", "isReserved": true },
                { "nationalIdentityNumber": "{{PersonWithEmailNin}}", "name": "Kari Nordmann", "email": "kari@example.com", "isReserved": false },
                { "nationalIdentityNumber": "{{PersonWithoutEmailNin}}", "name": "Per Uten Epost", "isReserved": false }
              ],
              "organizations": [
                { "organizationNumber": "{{OrgWithEmail}}", "name": "Testbedrift AS", "emails": ["post@testbedrift.example"] },
                { "organizationNumber": "{{OrgWithoutEmail}}", "name": "Tom AS", "emails": [] },
                { "organizationNumber": "{{OrgWithTwoEmails}}", "name": "Fjord Og Fjell AS", "emails": ["post@fjord.example", "leder@fjord.example"] },
                { "organizationNumber": "{{OrgWithMarkupInName}}", "name": "Smith & Sønner <AS>", "emails": ["post@smith.example"] }
              ]
            }
            """);
        return path;
    });

    public static string FilePath => File.Value;
}
