using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notifications.Persistence.Configurations;

internal sealed class OrderChainConfiguration : IEntityTypeConfiguration<OrderChain>
{
    /// <summary>Decides between concurrent requests with the same idempotency id: one chain per creator and id.</summary>
    public const string IdempotencyIndexName = "ux_order_chains_creator_idempotency_id";

    public const string PrimaryKeyName = "pk_order_chains";

    public void Configure(EntityTypeBuilder<OrderChain> chain)
    {
        chain.ToTable("order_chains");
        chain.HasKey(c => c.Id).HasName(PrimaryKeyName);
        chain.Property(c => c.Id).ValueGeneratedNever();
        chain.Property(c => c.IdempotencyId).HasMaxLength(255);
        chain.HasIndex(c => new { c.Creator, c.IdempotencyId }, IdempotencyIndexName).IsUnique();
        chain.HasIndex(c => c.Created, "ix_order_chains_created");
        chain.HasMany<NotificationOrder>().WithOne().HasForeignKey(o => o.ChainId)
            .HasConstraintName("fk_orders_order_chains").OnDelete(DeleteBehavior.Restrict);
    }
}
