using Microsoft.EntityFrameworkCore;
using Notifications.Core.Domain;

namespace Notifications.Persistence;

/// <summary>
/// The service's one database. Add a migration with:
/// <c>dotnet ef migrations add NAME --project src/Notifications.Persistence --output-dir Migrations</c>
/// </summary>
public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public const string Schema = "notifications";

    public DbSet<NotificationOrder> Orders => Set<NotificationOrder>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<EmailNotification> EmailNotifications => Set<EmailNotification>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NotificationsDbContext).Assembly);
    }
}
