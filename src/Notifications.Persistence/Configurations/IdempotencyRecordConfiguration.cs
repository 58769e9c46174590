using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notifications.Persistence.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public const string PrimaryKeyName = "pk_idempotency_keys";

    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("idempotency_keys");
        // The primary key is what decides between concurrent requests with the same key.
        record.HasKey(r => new { r.Creator, r.Key }).HasName(PrimaryKeyName);
        record.Property(r => r.Key).HasMaxLength(255);
        record.Property(r => r.RequestHash).IsRequired();
        record.HasIndex(r => r.Created).HasDatabaseName("ix_idempotency_keys_created");
    }
}
