using Moq;
using Notifications.Core.Domain;
using Notifications.Core.Orders.Queries;
using Notifications.Core.Ports;

namespace Notifications.Core.Tests.Orders.Queries;

public sealed class FindOrdersBySendersReferenceTests
{
    private readonly FindOrdersBySendersReferenceValidator _validator = new();

    [TestCase(null)]
    [TestCase("")]
    public void Validate_WithoutSendersReference_ReportsSendersReferenceMessage(string? sendersReference)
    {
        var result = _validator.Validate(new FindOrdersBySendersReferenceQuery("ttd", sendersReference));

        Assert.That(
            result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)),
            Is.EqualTo(new[] { ("sendersReference", "The senders reference must be provided.") }));
    }

    [TestCase("ref\0")]
    [TestCase("\x01ref")]
    [TestCase("re\nf")]
    public void Validate_WithAControlCharacterInTheSendersReference_ReportsIt(string sendersReference)
    {
        var result = _validator.Validate(new FindOrdersBySendersReferenceQuery("ttd", sendersReference));

        Assert.That(
            result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)),
            Is.EqualTo(new[] { ("sendersReference", "The senders reference must not contain control characters.") }));
    }

    [Test]
    public void Validate_WithSendersReference_ReportsNoErrors()
    {
        var result = _validator.Validate(new FindOrdersBySendersReferenceQuery("ttd", "ref-1"));

        Assert.That(result.Errors, Is.Empty);
    }

    [Test]
    public async Task Handle_AsksForTheCreatorsOrdersWithTheReference()
    {
        var orders = new Mock<IOrderRepository>();
        orders
            .Setup(o => o.FindBySendersReferenceAsync("ttd", "ref-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);

        var result = await new FindOrdersBySendersReferenceHandler(orders.Object)
            .Handle(new FindOrdersBySendersReferenceQuery("ttd", "ref-1"), CancellationToken.None);

        Assert.That(result, Is.Empty);
        orders.Verify(o => o.FindBySendersReferenceAsync("ttd", "ref-1", It.IsAny<CancellationToken>()), Times.Once);
    }
}
