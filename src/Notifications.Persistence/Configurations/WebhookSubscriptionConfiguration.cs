using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Persistence.Entities;

namespace Notifications.Persistence.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscriptionRecord>
{
    public void Configure(EntityTypeBuilder<WebhookSubscriptionRecord> subscription)
    {
        subscription.ToTable("webhook_subscriptions");
        subscription.HasKey(s => s.Id).HasName("pk_webhook_subscriptions");
        subscription.Property(s => s.Url).HasMaxLength(2000);
        subscription.HasIndex(s => s.Creator, "ix_webhook_subscriptions_creator");
        // The claim looks for due subscriptions.
        subscription.HasIndex(s => s.NextAttemptAt, "ix_webhook_subscriptions_next_attempt_at");
    }
}
