using Notifications.Core.Common;
using Notifications.Core.Orders.SendInstantEmail;

namespace Notifications.Core.Tests.Common;

public sealed class DeterministicGuidTests
{
    private static readonly Guid DnsNamespace = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static readonly Guid UrlNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    // Written down from Python's uuid.uuid5, which follows RFC 4122 §4.3.
    [TestCase("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d")]
    [TestCase("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://example.com/", "dd2c1780-811a-5296-81c5-178a0ef488bc")]
    public void Create_GivesTheRfc4122Version5Uuid(string namespaceId, string name, string expected) =>
        Assert.That(DeterministicGuid.Create(new Guid(namespaceId), name), Is.EqualTo(new Guid(expected)));

    [Test]
    public void Create_IsVersion5WithTheRfcVariant()
    {
        var id = DeterministicGuid.Create(DeterministicGuid.Namespace, "anything").ToString();

        Assert.That(id[14], Is.EqualTo('5'));
        Assert.That(id[19], Is.AnyOf('8', '9', 'a', 'b'));
    }

    [Test]
    public void Create_DependsOnTheNamespace() =>
        Assert.That(DeterministicGuid.Create(DnsNamespace, "python.org"), Is.Not.EqualTo(DeterministicGuid.Create(UrlNamespace, "python.org")));

    [Test]
    public void InstantIds_DifferByKindAndCreatorButRepeatForTheSameRequest()
    {
        var ids = new[]
        {
            InstantEmailPlan.IdOf("chain", "ttd", "case-1"),
            InstantEmailPlan.IdOf("shipment", "ttd", "case-1"),
            InstantEmailPlan.IdOf("email", "ttd", "case-1"),
            InstantEmailPlan.IdOf("email", "digdir", "case-1"),
            InstantEmailPlan.IdOf("email", "ttd", "case-2"),
            InstantEmailPlan.IdOf("email", "a:b", "c"),
            InstantEmailPlan.IdOf("email", "a", "b:c"),
        };

        Assert.That(ids, Is.Unique);
        Assert.That(InstantEmailPlan.IdOf("email", "ttd", "case-1"), Is.EqualTo(ids[2]));
    }
}
