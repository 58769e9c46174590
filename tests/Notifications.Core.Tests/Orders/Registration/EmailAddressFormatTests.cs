using Notifications.Core.Orders.CreateEmailOrder;
using Notifications.Core.Orders.Registration;

namespace Notifications.Core.Tests.Orders.Registration;

public sealed class EmailAddressFormatTests
{
    private static readonly string Label63 = new('a', 63);
    private static readonly string Label64 = new('a', 64);

    [TestCase("user@example.com")]
    [TestCase("first.last@sub.example.no")]
    [TestCase("ola.nordmann@eksempel.no")]
    [TestCase("æøå@domene.no")]
    [TestCase("ÆØÅ@DOMENE.NO")]
    [TestCase("user@bøler.no")]
    [TestCase("\"quoted local\"@example.com")]
    [TestCase("\"with \\\" escaped quote\"@example.com")]
    [TestCase("user+tag@example.com")]
    [TestCase("o'brien@example.ie")]
    [TestCase("user#1@example.com")]
    [TestCase("a!#$%&'*+/=?^_`{|}~-z@example.com")]
    [TestCase("user@x-y.example.com")]
    [TestCase("USER@EXAMPLE.COM")]
    public void IsValid_WithAcceptableAddress_ReturnsTrue(string address)
    {
        Assert.That(EmailAddressFormat.IsValid(address), Is.True);
    }

    [TestCase(".user@x.com")]
    [TestCase("user.@x.com")]
    [TestCase("us..er@x.com")]
    [TestCase("user@x..com")]
    [TestCase("user@.x.com")]
    [TestCase("user@x.com.")]
    [TestCase("a@b.com;c@d.com")]
    [TestCase("a@b.com,c@d.com")]
    [TestCase("user@exa!mple.com")]
    [TestCase("user@exa#mple.com")]
    [TestCase("user@exa mple.com")]
    [TestCase("user@x.c0m")]
    [TestCase("user@x.c")]
    [TestCase("user@-x.com")]
    [TestCase("user@x-.com")]
    [TestCase("user@localhost")]
    [TestCase("user@x.com\n")]
    [TestCase("user@x.com\r\n")]
    [TestCase("\nuser@x.com")]
    [TestCase("user@x.com ")]
    [TestCase(" user@x.com")]
    [TestCase("user@@x.com")]
    [TestCase("user@x@x.com")]
    [TestCase("")]
    [TestCase("user")]
    [TestCase("@x.com")]
    [TestCase("user@")]
    [TestCase("\"\"")]
    [TestCase("\"unterminated@x.com")]
    [TestCase("user name@x.com")]
    [TestCase("user\tname@x.com")]
    [TestCase("user#comment@x.com#")]
    [TestCase("<user@x.com>")]
    [TestCase("Name <user@x.com>")]
    public void IsValid_WithMalformedAddress_ReturnsFalse(string address)
    {
        Assert.That(EmailAddressFormat.IsValid(address), Is.False);
    }

    [Test]
    public void IsValid_WithDomainLabelOf63Characters_ReturnsTrue()
    {
        Assert.That(EmailAddressFormat.IsValid($"user@{Label63}.com"), Is.True);
    }

    [Test]
    public void IsValid_WithTopLevelDomainOf63Characters_ReturnsTrue()
    {
        Assert.That(EmailAddressFormat.IsValid($"user@example.{Label63}"), Is.True);
    }

    [Test]
    public void IsValid_WithDomainLabelOf64Characters_ReturnsFalse()
    {
        Assert.That(EmailAddressFormat.IsValid($"user@{Label64}.com"), Is.False);
    }

    [Test]
    public void IsValid_WithTopLevelDomainOf64Characters_ReturnsFalse()
    {
        Assert.That(EmailAddressFormat.IsValid($"user@example.{Label64}"), Is.False);
    }

    [Test]
    public void IsValid_WithAddressOf254Characters_ReturnsTrue()
    {
        var address = AddressOfLength(254);

        Assert.That(EmailAddressFormat.IsValid(address), Is.True);
    }

    [TestCase(255)]
    [TestCase(300)]
    public void IsValid_WithAddressLongerThan254Characters_ReturnsFalse(int length)
    {
        var address = AddressOfLength(length);

        Assert.That(EmailAddressFormat.IsValid(address), Is.False);
    }

    /// <summary>An otherwise valid address: a 64-character local part and labels of at most 63 characters.</summary>
    private static string AddressOfLength(int length)
    {
        var local = new string('u', 64);
        var labels = new List<string>();
        var remaining = length - local.Length - 1 - ".com".Length;
        while (remaining > 0)
        {
            // Each label but the first is preceded by a dot.
            var room = labels.Count == 0 ? remaining : remaining - 1;
            var label = new string('d', Math.Min(room, 63));
            labels.Add(label);
            remaining -= labels.Count == 1 ? label.Length : label.Length + 1;
        }

        var address = $"{local}@{string.Join('.', labels)}.com";
        Assert.That(address, Has.Length.EqualTo(length), "test data");
        return address;
    }
}
