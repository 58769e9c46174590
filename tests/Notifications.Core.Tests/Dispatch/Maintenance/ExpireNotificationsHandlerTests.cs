using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Notifications.Core.Dispatch.Maintenance;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;

namespace Notifications.Core.Tests.Dispatch.Maintenance;

public sealed class ExpireNotificationsHandlerTests
{
    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IMaintenanceStore> _maintenance = new();
    private readonly Mock<IOrderCompletion> _completion = new();
    private readonly Mock<IEmailProvider> _provider = new();

    private Task<int> HandleAsync() =>
        new ExpireNotificationsHandler(_maintenance.Object, _completion.Object, _provider.Object, _clock, NullLogger<ExpireNotificationsHandler>.Instance, TestMeterFactory.Metrics(_clock))
            .Handle(new ExpireNotificationsCommand(), CancellationToken.None).AsTask();

    [TestCase(false)]
    [TestCase(true)]
    public async Task Handle_PassesWhetherTheProviderReportsDeliveryToTheExpiry(bool reportsDelivery)
    {
        _provider.Setup(p => p.ReportsDelivery).Returns(reportsDelivery);

        await HandleAsync();

        _maintenance.Verify(s => s.ExpireAsync(reportsDelivery, It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase(false, true)]
    [TestCase(true, false)]
    public async Task Handle_CompletesEveryFinishedOrder_WithSucceededFinalOnlyWithoutDeliveryReports(bool reportsDelivery, bool succeededIsFinal)
    {
        _provider.Setup(p => p.ReportsDelivery).Returns(reportsDelivery);

        await HandleAsync();

        _completion.Verify(s => s.CompleteFinishedOrdersAsync(null, succeededIsFinal, _clock.UtcNow, It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase(0)]
    [TestCase(17)]
    public async Task Handle_ReturnsHowManyEmailsExpired(int expired)
    {
        _maintenance.Setup(s => s.ExpireAsync(It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(expired);

        Assert.That(await HandleAsync(), Is.EqualTo(expired));
    }

    [Test]
    public async Task Handle_ExpiresBeforeCompletingOrders()
    {
        // Orders whose last email just expired complete in the same sweep.
        var calls = new List<string>();
        _maintenance.Setup(s => s.ExpireAsync(It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("expire")).ReturnsAsync(1);
        _completion.Setup(s => s.CompleteFinishedOrdersAsync(It.IsAny<IReadOnlyCollection<Guid>?>(), It.IsAny<bool>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("complete")).ReturnsAsync(1);

        await HandleAsync();

        Assert.That(calls, Is.EqualTo(new[] { "expire", "complete" }));
    }
}
