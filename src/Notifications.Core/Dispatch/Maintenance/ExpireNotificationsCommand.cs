using Mediator;
using Microsoft.Extensions.Logging;
using Notifications.Core.Ports;

namespace Notifications.Core.Dispatch.Maintenance;

/// <summary>Applies the 48-hour TTL and completes orders whose notifications are all final.</summary>
public sealed record ExpireNotificationsCommand : ICommand<int>;

public sealed class ExpireNotificationsHandler(IDispatchStore store, IEmailProvider provider, TimeProvider clock, ILogger<ExpireNotificationsHandler> logger)
    : ICommandHandler<ExpireNotificationsCommand, int>
{
    public async ValueTask<int> Handle(ExpireNotificationsCommand command, CancellationToken cancellationToken)
    {
        var expired = await store.ExpireAsync(clock.GetUtcNow(), provider.ReportsDelivery, cancellationToken);
        if (expired > 0)
        {
            logger.LogWarning("{Count} emails expired (Failed_TTL)", expired);
        }

        await store.CompleteFinishedOrdersAsync(null, !provider.ReportsDelivery, clock.GetUtcNow(), cancellationToken);
        return expired;
    }
}
