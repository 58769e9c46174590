using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Persistence.Entities;

namespace Notifications.Persistence.Configurations;

internal sealed class ProviderThrottleConfiguration : IEntityTypeConfiguration<ProviderThrottle>
{
    public void Configure(EntityTypeBuilder<ProviderThrottle> throttle)
    {
        throttle.ToTable("provider_throttles");
        throttle.HasKey(t => t.Provider).HasName("pk_provider_throttles");
        throttle.Property(t => t.Provider).HasColumnName("provider");
        throttle.Property(t => t.PausedUntil).HasColumnName("paused_until");
    }
}

internal sealed class SendBudgetConfiguration : IEntityTypeConfiguration<SendBudget>
{
    public void Configure(EntityTypeBuilder<SendBudget> budget)
    {
        budget.ToTable("send_budgets");
        budget.HasKey(b => b.Provider).HasName("pk_send_budgets");
        budget.Property(b => b.Provider).HasColumnName("provider");
        budget.Property(b => b.WindowStart).HasColumnName("window_start");
        budget.Property(b => b.Used).HasColumnName("used");
    }
}

internal sealed class DeliveryReportRecordConfiguration : IEntityTypeConfiguration<DeliveryReportRecord>
{
    public void Configure(EntityTypeBuilder<DeliveryReportRecord> report)
    {
        report.ToTable("delivery_reports");
        report.HasKey(r => r.EventId).HasName("pk_delivery_reports");
        report.Property(r => r.EventId).HasColumnName("event_id");
        report.Property(r => r.MessageId).HasColumnName("message_id");
        report.Property(r => r.Status).HasColumnName("status");
        report.Property(r => r.MappedStatus).HasColumnName("mapped_status");
        report.Property(r => r.DeliveryAttemptAt).HasColumnName("delivery_attempt_at");
        report.Property(r => r.StatusMessage).HasColumnName("status_message");
        report.Property(r => r.ReceivedAt).HasColumnName("received_at");
        report.HasIndex(r => r.MessageId, "ix_delivery_reports_message_id");
        report.HasIndex(r => r.ReceivedAt, "ix_delivery_reports_received_at");
    }
}
