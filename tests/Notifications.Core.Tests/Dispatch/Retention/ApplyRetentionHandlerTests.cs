using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Dispatch.Retention;
using Notifications.Core.Ports;
using Notifications.Core.Shipments;

namespace Notifications.Core.Tests.Dispatch.Retention;

public sealed class ApplyRetentionHandlerTests
{
    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IRetentionStore> _store = new();

    private Task<int> HandleAsync(int days, int feedDays = 0) =>
        new ApplyRetentionHandler(
                _store.Object, Options.Create(new RetentionOptions { Days = days }), Options.Create(new StatusFeedOptions { RetentionDays = feedDays }),
                _clock, NullLogger<ApplyRetentionHandler>.Instance)
            .Handle(new ApplyRetentionCommand(), CancellationToken.None).AsTask();

    [Test]
    public async Task Handle_WithFeedDays90_DeletesFeedEntriesOlderThanNinetyDays()
    {
        await HandleAsync(0, feedDays: 90);

        _store.Verify(s => s.DeleteFeedEntriesOlderThanAsync(new DateTimeOffset(2030, 3, 17, 12, 0, 0, TimeSpan.Zero), It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(new StatusFeedOptions().RetentionDays, Is.EqualTo(90));
    }

    [Test]
    public async Task Handle_WithDays30_DeletesOrdersOlderThanThirtyDaysBeforeNow()
    {
        _store.Setup(s => s.DeleteOrdersOlderThanAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(7);

        var deleted = await HandleAsync(30);

        Assert.That(deleted, Is.EqualTo(7));
        _store.Verify(s => s.DeleteOrdersOlderThanAsync(new DateTimeOffset(2030, 5, 16, 12, 0, 0, TimeSpan.Zero), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WithDays0_KeepsEverything()
    {
        Assert.That(await HandleAsync(0), Is.Zero);

        _store.VerifyNoOtherCalls();
    }

    [Test]
    public void Options_DefaultToOneYear_AndRejectNegativeDays()
    {
        Assert.That(new RetentionOptions().Days, Is.EqualTo(365));
        var negative = new RetentionOptions { Days = -1 };
        var valid = Validator.TryValidateObject(negative, new ValidationContext(negative), [], validateAllProperties: true);

        Assert.That(valid, Is.False);
    }
}
