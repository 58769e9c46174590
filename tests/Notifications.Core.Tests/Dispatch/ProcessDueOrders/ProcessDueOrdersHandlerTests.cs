using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Notifications.Core.Dispatch;
using Notifications.Core.Dispatch.ProcessDueOrders;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Core.Tests.Metrics;
using static Notifications.Core.Tests.Dispatch.DispatchData;

namespace Notifications.Core.Tests.Dispatch.ProcessDueOrders;

public sealed class ProcessDueOrdersHandlerTests
{
    private readonly FixedTimeProvider _clock = new();
    private readonly Mock<IOrderQueue> _orderQueue = new();
    private readonly Mock<IContactRegistry> _registry = new();
    private readonly Mock<ISendConditionClient> _condition = new(MockBehavior.Strict);
    private readonly Mock<IWorkSignal> _signal = new();
    private readonly DispatchOptions _options = new() { OrderBatchSize = 7, LeaseSeconds = 90 };
    private static readonly Uri ConditionEndpoint = new("https://condition.example.com/check");
    private readonly List<Guid> _completed = [];

    /// <summary>Called with each order's id as its fan-out is written.</summary>
    private Action<Guid>? _fannedOut;

    [SetUp]
    public void SetUp()
    {
        _orderQueue
            .Setup(s => s.CompleteFanOutAsync(
                It.IsAny<OrderClaim>(), It.IsAny<IReadOnlyList<EmailNotification>>(), It.IsAny<OrderProcessingStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback((OrderClaim claim, IReadOnlyList<EmailNotification> _, OrderProcessingStatus _, DateTimeOffset _, CancellationToken _) =>
            {
                lock (_completed)
                {
                    _completed.Add(claim.Order.Id);
                }

                _fannedOut?.Invoke(claim.Order.Id);
            })
            .ReturnsAsync(true);
        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyCollection<string> nins, CancellationToken _) => Persons.Where(p => nins.Contains(p.NationalIdentityNumber)).ToList());
    }

    private ProcessDueOrdersHandler Handler => new(
        _orderQueue.Object,
        new OrderProcessor(_orderQueue.Object, _registry.Object, _condition.Object, _clock, NullLogger<OrderProcessor>.Instance, TestMeterFactory.Metrics(_clock)),
        _signal.Object,
        Options.Create(_options),
        _clock,
        NullLogger<ProcessDueOrdersHandler>.Instance);

    private Task<int> HandleAsync(CancellationToken cancellationToken = default) =>
        Handler.Handle(new ProcessDueOrdersCommand(), cancellationToken).AsTask();

    /// <summary>The store hands out these batches, then nothing more.</summary>
    private void GivenDueBatches(params OrderClaim[][] batches)
    {
        var due = new Queue<OrderClaim[]>(batches);
        _orderQueue
            .Setup(s => s.ClaimDueOrdersAsync(It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() =>
            {
                lock (due)
                {
                    return due.TryDequeue(out var batch) ? batch : [];
                }
            });
    }

    private static OrderClaim SendableClaim() => Claim(Order([Email("user@example.com")]));

    private static OrderClaim UnreachableClaim() => Claim(Order([Person(ReservedNin)]));

    [Test]
    public async Task Handle_ClaimsBatchesUntilNoneIsDue()
    {
        OrderClaim[] first = [SendableClaim(), SendableClaim()];
        OrderClaim[] second = [SendableClaim()];
        GivenDueBatches(first, second);

        var processed = await HandleAsync();

        Assert.That(processed, Is.EqualTo(3));
        Assert.That(_completed, Is.EquivalentTo(first.Concat(second).Select(c => c.Order.Id)));
        _orderQueue.Verify(s => s.ClaimDueOrdersAsync(7, TimeSpan.FromSeconds(90), It.IsAny<CancellationToken>()), Times.AtLeast(3));
    }

    [Test]
    public async Task Handle_WhenNothingIsDue_ClaimsOnceAndProcessesNothing()
    {
        GivenDueBatches();

        var processed = await HandleAsync();

        Assert.That(processed, Is.Zero);
        Assert.That(_completed, Is.Empty);
        _orderQueue.Verify(s => s.ClaimDueOrdersAsync(It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once);
        _signal.Verify(s => s.EmailsQueued(), Times.Never);
    }

    [Test]
    public async Task Handle_WhenOneOrderFails_ProcessesTheOthers()
    {
        var failing = SendableClaim();
        OrderClaim[] batch = [SendableClaim(), failing, SendableClaim()];
        OrderClaim[] later = [SendableClaim()];
        GivenDueBatches(batch, later);
        _orderQueue
            .Setup(s => s.CompleteFanOutAsync(
                It.Is<OrderClaim>(c => c.Order.Id == failing.Order.Id), It.IsAny<IReadOnlyList<EmailNotification>>(), It.IsAny<OrderProcessingStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("database hiccup"));

        var processed = await HandleAsync();

        Assert.That(processed, Is.EqualTo(4));
        Assert.That(_completed, Is.EquivalentTo(new[] { batch[0].Order.Id, batch[2].Order.Id, later[0].Order.Id }));
        _signal.Verify(s => s.EmailsQueued(), Times.Exactly(3));
    }

    [Test]
    public async Task Handle_WhenTheRegistryThrowsUnexpectedly_ProcessesTheOthers()
    {
        var failing = Claim(Order([Person(ReachableNin)]));
        var fine = SendableClaim();
        GivenDueBatches([failing, fine]);
        _registry
            .Setup(r => r.GetPersonContactsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection reset"));

        await HandleAsync();

        Assert.That(_completed, Is.EqualTo(new[] { fine.Order.Id }));
    }

    [Test]
    public async Task Handle_WhenStoppedWhileProcessing_HandsTheOrderBackAtOnce()
    {
        using var stopping = new CancellationTokenSource();
        var claim = SendableClaim();
        GivenDueBatches([claim]);
        _orderQueue
            .Setup(s => s.CompleteFanOutAsync(
                claim, It.IsAny<IReadOnlyList<EmailNotification>>(), It.IsAny<OrderProcessingStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns(async (OrderClaim _, IReadOnlyList<EmailNotification> _, OrderProcessingStatus _, DateTimeOffset _, CancellationToken token) =>
            {
                await stopping.CancelAsync();
                token.ThrowIfCancellationRequested();
                return true;
            });

        await HandleAsync(stopping.Token);

        Assert.That(_completed, Is.Empty);
        _orderQueue.Verify(s => s.ReleaseOrderAsync(claim, TimeSpan.Zero, 0, 0, CancellationToken.None), Times.Once);
        _orderQueue.Verify(s => s.ClaimDueOrdersAsync(It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhileAnOrderHangs_ProcessesOrdersThatBecomeDueMeanwhile()
    {
        var hanging = Claim(Order([Email("slow@example.com")], conditionEndpoint: ConditionEndpoint));
        var later = SendableClaim();
        var released = new TaskCompletionSource<SendConditionResult>();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var laterDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fannedOut = id =>
        {
            if (id == later.Order.Id)
            {
                laterDone.TrySetResult();
            }
        };
        GivenDueBatches([hanging]);
        _condition.Setup(c => c.CheckAsync(ConditionEndpoint, It.IsAny<CancellationToken>())).Returns(() =>
        {
            asked.TrySetResult();
            return released.Task;
        });
        var handling = HandleAsync();
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        GivenDueBatches([later]);
        await laterDone.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(handling.IsCompleted, Is.False, "the hanging order is still in progress");
        released.SetResult(new SendConditionResult(SendConditionVerdict.Send));
        await handling;
        Assert.That(_completed, Is.EquivalentTo(new[] { later.Order.Id, hanging.Order.Id }));
    }

    [Test]
    public async Task Handle_WhenAlreadyCancelled_ClaimsNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var processed = await HandleAsync(cancelled.Token);

        Assert.That(processed, Is.Zero);
        _orderQueue.Verify(s => s.ClaimDueOrdersAsync(It.IsAny<int>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenAnOrderIsProcessed_SignalsThatEmailsAreQueued()
    {
        GivenDueBatches([SendableClaim()]);

        await HandleAsync();

        _signal.Verify(s => s.EmailsQueued(), Times.Once);
    }

    [Test]
    public async Task Handle_WhenEveryOrderCompletesWithoutEmails_DoesNotSignal()
    {
        GivenDueBatches([UnreachableClaim(), UnreachableClaim()]);

        await HandleAsync();

        Assert.That(_completed, Has.Count.EqualTo(2));
        _signal.Verify(s => s.EmailsQueued(), Times.Never);
    }

    [Test]
    public async Task Handle_WhenTheClaimWasLost_DoesNotSignal()
    {
        GivenDueBatches([SendableClaim()]);
        _orderQueue
            .Setup(s => s.CompleteFanOutAsync(
                It.IsAny<OrderClaim>(), It.IsAny<IReadOnlyList<EmailNotification>>(), It.IsAny<OrderProcessingStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(false);

        await HandleAsync();

        _signal.Verify(s => s.EmailsQueued(), Times.Never);
    }

    [Test]
    public async Task Handle_WhenAnOrderWaitsForLater_WakesTheWorkerWhenItIsDue()
    {
        GivenDueBatches([SendableClaim()]);
        var nextDue = _clock.UtcNow.AddMinutes(3);
        _orderQueue.Setup(s => s.GetNextOrderDueAsync(It.IsAny<CancellationToken>())).ReturnsAsync(nextDue);

        await HandleAsync();

        _signal.Verify(s => s.WakeOrdersAt(nextDue), Times.Once);
    }

    [Test]
    public async Task Handle_WhenNoOrderWaits_DoesNotScheduleAWakeUp()
    {
        GivenDueBatches([SendableClaim()]);
        _orderQueue.Setup(s => s.GetNextOrderDueAsync(It.IsAny<CancellationToken>())).ReturnsAsync((DateTimeOffset?)null);

        await HandleAsync();

        _signal.Verify(s => s.WakeOrdersAt(It.IsAny<DateTimeOffset>()), Times.Never);
    }
}
