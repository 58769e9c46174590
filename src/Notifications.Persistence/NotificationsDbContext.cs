using Microsoft.EntityFrameworkCore.Metadata;

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

    public DbSet<OrderChain> OrderChains => Set<OrderChain>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NotificationsDbContext).Assembly);
        modelBuilder.HasSequence<long>(Configurations.StatusFeedConfiguration.Sequence);
        // Columns are the properties' names in snake_case unless a configuration names them (the template's columns).
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            if (property.FindAnnotation(RelationalAnnotationNames.ColumnName) is null)
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
