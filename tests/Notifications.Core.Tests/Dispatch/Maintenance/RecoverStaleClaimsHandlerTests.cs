using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Notifications.Core.Dispatch.Maintenance;
using Notifications.Core.Ports;

namespace Notifications.Core.Tests.Dispatch.Maintenance;

public sealed class RecoverStaleClaimsHandlerTests
{
    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IMaintenanceStore> _maintenance = new();
    private readonly Mock<IWorkSignal> _signal = new(MockBehavior.Strict);

    private Task<(int Orders, int Emails)> HandleAsync() =>
        new RecoverStaleClaimsHandler(_maintenance.Object, _signal.Object, _clock, NullLogger<RecoverStaleClaimsHandler>.Instance)
            .Handle(new RecoverStaleClaimsCommand(), CancellationToken.None).AsTask();

    private void GivenRecovered(int orders, int emails) =>
        _maintenance.Setup(s => s.RecoverStaleClaimsAsync(It.IsAny<CancellationToken>())).ReturnsAsync((orders, emails));

    [Test]
    public async Task Handle_WhenNothingWasRecovered_DoesNotWakeAnyone()
    {
        GivenRecovered(0, 0);

        var recovered = await HandleAsync();

        Assert.That(recovered, Is.EqualTo((0, 0)));
        _signal.VerifyNoOtherCalls();
    }

    [TestCase(2, 0)]
    [TestCase(0, 3)]
    [TestCase(1, 5)]
    public async Task Handle_WhenSomethingWasRecovered_WakesBothWorkersNow(int orders, int emails)
    {
        GivenRecovered(orders, emails);
        _signal.Setup(s => s.WakeOrdersAt(_clock.UtcNow));
        _signal.Setup(s => s.WakeEmailsAt(_clock.UtcNow));

        var recovered = await HandleAsync();

        Assert.That(recovered, Is.EqualTo((orders, emails)));
        _signal.Verify(s => s.WakeOrdersAt(_clock.UtcNow), Times.Once);
        _signal.Verify(s => s.WakeEmailsAt(_clock.UtcNow), Times.Once);
        _signal.VerifyNoOtherCalls();
    }
}
