using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Persistence.Entities;

namespace Notifications.Persistence.Configurations;

internal sealed class ProviderThrottleConfiguration : IEntityTypeConfiguration<ProviderThrottle>
{
    public void Configure(EntityTypeBuilder<ProviderThrottle> throttle)
    {
        throttle.ToTable("provider_throttles");
        throttle.HasKey(t => t.Provider).HasName("pk_provider_throttles");
    }
}

internal sealed class SendBudgetConfiguration : IEntityTypeConfiguration<SendBudget>
{
    public void Configure(EntityTypeBuilder<SendBudget> budget)
    {
        budget.ToTable("send_budgets");
        budget.HasKey(b => b.Provider).HasName("pk_send_budgets");
    }
}

internal sealed class DeliveryReportRecordConfiguration : IEntityTypeConfiguration<DeliveryReportRecord>
{
    public void Configure(EntityTypeBuilder<DeliveryReportRecord> report)
    {
        report.ToTable("delivery_reports");
        report.HasKey(r => r.EventId).HasName("pk_delivery_reports");
        report.HasIndex(r => r.MessageId, "ix_delivery_reports_message_id");
        report.HasIndex(r => r.ReceivedAt, "ix_delivery_reports_received_at");
    }
}
