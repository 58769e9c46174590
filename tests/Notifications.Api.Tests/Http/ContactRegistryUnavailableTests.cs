using System.Net;

namespace Notifications.Api.Tests.Http;

public sealed class ContactRegistryUnavailableTests : ApiTestBase
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["ContactRegistry:File"] = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json") };

    [Test]
    public async Task Post_WhenRecipientLookupIsUnavailable_Returns503AndStoresNothing()
    {
        var response = await PostOrderAsync(new { subject = "s", body = "b", recipients = new[] { new { nationalIdentityNumber = TestContacts.ReservedNin } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders"), Is.EqualTo(0L));
    }

    [Test]
    public async Task Preview_WhenRecipientLookupIsUnavailable_Returns503()
    {
        var response = await Client.SendAsync(Request(HttpMethod.Post, EmailOrdersUrl + "/preview", TestTokens.Bearer(),
            json: new { subject = "s", body = "b", recipients = new[] { new { organizationNumber = TestContacts.OrgWithEmail } } }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Post_WithOnlyEmailRecipients_DoesNotNeedTheRegistry()
    {
        var response = await PostOrderAsync(EmailOrder());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }
}
