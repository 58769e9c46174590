using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Persistence.Entities;

namespace Notifications.Persistence.Configurations;

internal sealed class StatusFeedConfiguration : IEntityTypeConfiguration<StatusFeedRecord>
{
    public const string Sequence = "status_feed_seq";

    public void Configure(EntityTypeBuilder<StatusFeedRecord> entry)
    {
        entry.ToTable("status_feed");
        entry.HasKey(e => e.OrderId).HasName("pk_status_feed");
        entry.Property(e => e.Entry).HasColumnType("jsonb");
        // Readers page by creator and number; the sequencer finds the unnumbered ones.
        entry.HasIndex(["Creator", "SequenceNumber"], "ux_status_feed_creator_sequence_number").IsUnique().HasFilter("sequence_number IS NOT NULL");
        entry.HasIndex(["Created"], "ix_status_feed_unsequenced").HasFilter("sequence_number IS NULL");
        entry.HasIndex(["SequenceNumber"], "ux_status_feed_sequence_number").IsUnique();
        entry.HasIndex(["Created"], "ix_status_feed_created");
    }
}
