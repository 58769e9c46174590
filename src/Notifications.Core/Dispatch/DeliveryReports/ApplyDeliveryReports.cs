namespace Notifications.Core.Dispatch.DeliveryReports;

/// <summary>
/// Stores delivery reports (idempotent on event id) and applies each to the email sent under its message id; a report
/// for a message id not recorded yet is kept and applied when the send is recorded.
/// </summary>
/// <returns>The number of reports not seen before.</returns>
public sealed record ApplyDeliveryReportsCommand(IReadOnlyList<DeliveryReport> Reports) : ICommand<int>;

public sealed class ApplyDeliveryReportsHandler(IDeliveryReportStore store, IOrderCompletion completion, IEmailProvider provider, TimeProvider clock, ILogger<ApplyDeliveryReportsHandler> logger,
    NotificationsMetrics metrics)
    : ICommandHandler<ApplyDeliveryReportsCommand, int>
{
    public async ValueTask<int> Handle(ApplyDeliveryReportsCommand command, CancellationToken cancellationToken)
    {
        if (command.Reports.Count == 0)
        {
            return 0;
        }

        var mapped = command.Reports.Select(r => (r, r.NotificationStatus)).ToList();
        var (fresh, orderIds) = await store.SaveDeliveryReportsAsync(mapped, clock.GetUtcNow(), cancellationToken);
        if (orderIds.Count > 0)
        {
            await completion.CompleteFinishedOrdersAsync(orderIds, !provider.ReportsDelivery, clock.GetUtcNow(), cancellationToken);
        }

        if (fresh == command.Reports.Count)
        {
            // Redeliveries (fresh < count) cannot be told apart here, so only all-new batches are counted.
            foreach (var (_, status) in mapped.Where(m => m.Item2 is { } s && s.IsFinal(providerReportsDelivery: true)))
            {
                metrics.EmailsFinal(status!.Value);
            }
        }

        logger.LogInformation("Received {Count} delivery reports ({New} new, {Orders} orders touched)", command.Reports.Count, fresh, orderIds.Count);
        return fresh;
    }
}
