using Notifications.Integrations.Email.Acs;

namespace Notifications.Integrations.Tests.Email.Acs;

/// <summary>Parsing <c>endpoint=…;accesskey=…</c> (docs/architecture.md#contracts).</summary>
public sealed class AcsConnectionStringTests
{
    // base64 of "0123456789abcdef": ends in "==", so a split at every '=' would break it.
    private const string PaddedKey = "MDEyMzQ1Njc4OWFiY2RlZg==";

    [Test]
    public void Parse_ATypicalConnectionString_GivesTheEndpointWithoutItsSlashAndTheDecodedKey()
    {
        var parsed = AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={PaddedKey}");

        Assert.That(parsed.EndpointUrl, Is.EqualTo("https://contoso.communication.azure.com"));
        Assert.That(parsed.Endpoint, Is.EqualTo(new Uri("https://contoso.communication.azure.com/")));
        Assert.That(parsed.AccessKey.ToArray(), Is.EqualTo("0123456789abcdef"u8.ToArray()));
    }

    [Test]
    public void Parse_WithATrailingSemicolonAndEmptySegments_IgnoresThem()
    {
        var parsed = AcsConnectionString.Parse($";endpoint=https://contoso.communication.azure.com/;;accesskey={PaddedKey};");

        Assert.That(parsed.EndpointUrl, Is.EqualTo("https://contoso.communication.azure.com"));
        Assert.That(parsed.AccessKey.Length, Is.EqualTo(16));
    }

    [TestCase("Endpoint", "AccessKey")]
    [TestCase("ENDPOINT", "ACCESSKEY")]
    [TestCase("endPoint", "accessKey")]
    public void Parse_MatchesKeysWhateverTheirCase(string endpointKey, string accessKeyKey)
    {
        var parsed = AcsConnectionString.Parse($"{accessKeyKey}={PaddedKey};{endpointKey}=https://contoso.communication.azure.com");

        Assert.That(parsed.EndpointUrl, Is.EqualTo("https://contoso.communication.azure.com"));
        Assert.That(parsed.AccessKey.Length, Is.EqualTo(16));
    }

    [Test]
    public void Parse_WithBlanksAroundKeysValuesAndSeparators_TrimsThem()
    {
        var parsed = AcsConnectionString.Parse($"  endpoint = https://contoso.communication.azure.com/ ;\n accesskey = {PaddedKey} ; ");

        Assert.That(parsed.EndpointUrl, Is.EqualTo("https://contoso.communication.azure.com"));
        Assert.That(parsed.AccessKey.Length, Is.EqualTo(16));
    }

    [Test]
    public void Parse_WithAnHttpEndpointAndPort_AllowsItForLocalFakes()
    {
        var parsed = AcsConnectionString.Parse($"endpoint=http://127.0.0.1:5099/;accesskey={PaddedKey}");

        Assert.That(parsed.EndpointUrl, Is.EqualTo("http://127.0.0.1:5099"));
    }

    [Test]
    public void Parse_WithAnEndpointPath_KeepsThePathWithoutTheTrailingSlash()
    {
        var parsed = AcsConnectionString.Parse($"endpoint=http://127.0.0.1:5099/acs/;accesskey={PaddedKey}");

        Assert.That(parsed.EndpointUrl, Is.EqualTo("http://127.0.0.1:5099/acs"));
        Assert.That(parsed.Endpoint.AbsoluteUri, Is.EqualTo("http://127.0.0.1:5099/acs/"));
    }

    [Test]
    public void Parse_WithUnknownKeys_IgnoresThem()
    {
        var parsed = AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com;accesskey={PaddedKey};region=norway");

        Assert.That(parsed.AccessKey.Length, Is.EqualTo(16));
    }

    [TestCase(null, "empty")]
    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("accesskey=" + PaddedKey, "no 'endpoint'")]
    [TestCase("endpoint=https://contoso.communication.azure.com", "no 'accesskey'")]
    [TestCase("endpoint=https://contoso.communication.azure.com;accesskey=", "no 'accesskey'")]
    [TestCase("endpoint=https://contoso.communication.azure.com;accesskey=not base64!", "not valid base64")]
    [TestCase("endpoint=https://contoso.communication.azure.com;accesskey=MDEy*", "not valid base64")]
    [TestCase("endpoint=contoso.communication.azure.com;accesskey=" + PaddedKey, "absolute http or https URL")]
    [TestCase("endpoint=ftp://contoso.communication.azure.com;accesskey=" + PaddedKey, "absolute http or https URL")]
    [TestCase("endpoint=https://contoso.communication.azure.com/?x=1;accesskey=" + PaddedKey, "absolute http or https URL")]
    [TestCase("endpoint=https://contoso.communication.azure.com;accesskey", "part 2 is not of the form 'key=value'")]
    [TestCase("endpoint=https://contoso.communication.azure.com;=" + PaddedKey, "part 2 is not of the form 'key=value'")]
    [TestCase("endpoint=https://contoso.communication.azure.com;" + PaddedKey, "no 'accesskey'")]
    [TestCase("endpoint=https://a.communication.azure.com;endpoint=https://b.communication.azure.com;accesskey=" + PaddedKey, "'endpoint' more than once")]
    public void Parse_WithAMissingOrMalformedPart_ThrowsAFormatExceptionThatNamesIt(string? connectionString, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AcsConnectionString.Parse(connectionString));

        Assert.That(error!.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.Not.Contain(PaddedKey[..8]));
    }

    [Test]
    public void ToString_LeavesTheKeyOut()
    {
        var parsed = AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={PaddedKey}");

        Assert.That(parsed.ToString(), Is.EqualTo("endpoint=https://contoso.communication.azure.com;accesskey=***"));
    }
}
