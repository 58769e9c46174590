using Microsoft.EntityFrameworkCore;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Persistence.Configurations;
using Npgsql;

namespace Notifications.Persistence;

internal sealed class OrderRepository(NotificationsDbContext db) : IOrderRepository
{
    public async Task<bool> TryAddAsync(NotificationOrder order, IdempotencyRecord? idempotency, CancellationToken cancellationToken)
    {
        db.Orders.Add(order).Property("DueAt").CurrentValue = order.RequestedSendTime;
        if (idempotency is not null)
        {
            db.IdempotencyRecords.Add(idempotency);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: IdempotencyRecordConfiguration.PrimaryKeyName,
        })
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public Task<IdempotencyRecord?> FindIdempotencyRecordAsync(string creator, string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Creator == creator && r.Key == key, cancellationToken);

    public Task<NotificationOrder?> GetAsync(Guid orderId, string creator, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.Creator == creator, cancellationToken);

    public async Task<IReadOnlyList<EmailNotification>> GetEmailNotificationsAsync(Guid orderId, CancellationToken cancellationToken) =>
        await db.EmailNotifications.AsNoTracking()
            .Where(n => n.OrderId == orderId)
            .OrderBy(n => n.Id)
            .ToListAsync(cancellationToken);

    public async Task<EmailNotificationSummary?> GetEmailSummaryAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var counts = await db.EmailNotifications
            .Where(n => n.OrderId == orderId)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Generated = g.Count(),
                Succeeded = g.Count(n => n.Status == EmailNotificationStatus.Succeeded || n.Status == EmailNotificationStatus.Delivered),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return counts is null ? null : new EmailNotificationSummary(counts.Generated, counts.Succeeded);
    }

    public async Task<IReadOnlyList<NotificationOrder>> FindBySendersReferenceAsync(
        string creator, string sendersReference, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking()
            .Where(o => o.Creator == creator && o.SendersReference == sendersReference)
            .OrderBy(o => o.Created)
            .ToListAsync(cancellationToken);

    public async Task<bool> TryCancelAsync(
        Guid orderId, string creator, DateTimeOffset sendTimeAfter, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Orders
            .Where(o => o.Id == orderId && o.Creator == creator
                && o.ProcessingStatus == OrderProcessingStatus.Registered && o.RequestedSendTime > sendTimeAfter)
            .ExecuteUpdateAsync(
                set => set.SetProperty(o => o.ProcessingStatus, OrderProcessingStatus.Cancelled)
                    .SetProperty(o => o.ProcessingStatusChanged, now),
                cancellationToken) == 1;
}
