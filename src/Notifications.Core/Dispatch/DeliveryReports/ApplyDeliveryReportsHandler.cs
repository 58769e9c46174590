using Mediator;
using Microsoft.Extensions.Logging;
using Notifications.Core.Domain;
using Notifications.Core.Ports;

namespace Notifications.Core.Dispatch.DeliveryReports;

public sealed class ApplyDeliveryReportsHandler(IDispatchStore store, IEmailProvider provider, TimeProvider clock, ILogger<ApplyDeliveryReportsHandler> logger)
    : ICommandHandler<ApplyDeliveryReportsCommand, int>
{
    public async ValueTask<int> Handle(ApplyDeliveryReportsCommand command, CancellationToken cancellationToken)
    {
        if (command.Reports.Count == 0)
        {
            return 0;
        }

        var mapped = command.Reports.Select(r => (r, DeliveryReportStatuses.ToNotificationStatus(r.Status))).ToList();
        var (fresh, orderIds) = await store.SaveDeliveryReportsAsync(mapped, clock.GetUtcNow(), cancellationToken);
        if (orderIds.Count > 0)
        {
            await store.CompleteFinishedOrdersAsync(orderIds, !provider.ReportsDelivery, clock.GetUtcNow(), cancellationToken);
        }

        logger.LogInformation("Received {Count} delivery reports ({New} new, {Orders} orders touched)", command.Reports.Count, fresh, orderIds.Count);
        return fresh;
    }
}
