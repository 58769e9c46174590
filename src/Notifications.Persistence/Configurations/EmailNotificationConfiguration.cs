using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notifications.Persistence.Configurations;

internal sealed class EmailNotificationConfiguration : IEntityTypeConfiguration<EmailNotification>
{
    public void Configure(EntityTypeBuilder<EmailNotification> notification)
    {
        notification.ToTable("email_notifications");
        notification.HasKey(n => n.Id).HasName("pk_email_notifications");
        notification.Property(n => n.Id).ValueGeneratedNever();
        notification.Property(n => n.Status).HasConversion<string>();

        // Dispatch bookkeeping, written only by the dispatch stores' SQL (EmailQueue, OperationPolls, MaintenanceStore, ...).
        // The order's creator, copied at fan-out: claims take emails from every creator in turn.
        notification.Property<string>("Creator").IsRequired();
        notification.Property<int>("Attempts");
        notification.Property<DateTimeOffset>("NextAttemptAt");
        notification.Property<Guid?>("ClaimToken");
        notification.Property<DateTimeOffset?>("LeaseExpiresAt");
        notification.Property<string?>("OperationId");
        notification.Property<int>("Polls");
        // The delivery attempt time of the last delivery report applied: an older report never overrides a newer one.
        notification.Property<DateTimeOffset?>("DeliveryReportAt");

        notification.HasOne<NotificationOrder>().WithMany().HasForeignKey(n => n.OrderId)
            .HasConstraintName("fk_email_notifications_orders").OnDelete(DeleteBehavior.Cascade);

        // Partial indexes keep the hot queries small however many emails are already final.
        // The queue of New emails, per creator: claims take from each creator in turn. No index on next_attempt_at
        // alone: with one, the planner scans it past a big sender's backlog to find a small sender's email.
        notification.HasIndex(["Creator", "NextAttemptAt"], "ix_email_notifications_new_by_creator").HasFilter("status = " + StatusSql.New);
        notification.HasIndex(["LeaseExpiresAt"], "ix_email_notifications_sending").HasFilter("status = " + StatusSql.Sending);
        notification.HasIndex(n => n.OrderId, "ix_email_notifications_order_id");
        notification.HasIndex(n => n.OrderId, "ix_email_notifications_unfinished")
            .HasFilter("status IN (" + StatusSql.Unsent + ")");
        notification.HasIndex(n => n.ExpiresAt, "ix_email_notifications_unfinished_expiry")
            .HasFilter("status IN (" + StatusSql.Unsent + ")");
        notification.HasIndex(n => n.ExpiresAt, "ix_email_notifications_succeeded_expiry")
            .HasFilter("status = " + StatusSql.AwaitingDeliveryReport);
        notification.HasIndex(["NextAttemptAt"], "ix_email_notifications_to_poll")
            .HasFilter("status = " + StatusSql.Sending + " AND operation_id IS NOT NULL AND lease_expires_at IS NULL");
        notification.HasIndex(["OperationId"], "ix_email_notifications_operation_id")
            .HasFilter("operation_id IS NOT NULL");
    }
}
