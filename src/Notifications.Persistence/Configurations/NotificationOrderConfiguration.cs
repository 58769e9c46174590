using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Notifications.Persistence.Configurations;

internal sealed class NotificationOrderConfiguration : IEntityTypeConfiguration<NotificationOrder>
{
    /// <summary>
    /// How the jsonb columns are written; <see cref="OrderRepository"/> inserts orders with the same options. A recipient
    /// is stored as given (<c>{"emailAddress": "…"}</c>): nulls and derived properties are left out, which keeps a
    /// 100,000-recipient order a third of the size to write, read and hold in memory (bench/README.md).
    /// </summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithoutDerivedProperties } },
    };

    /// <summary>Drops read-only properties that no constructor parameter takes (<see cref="Recipient.DeduplicationKey"/>, ...).</summary>
    private static void WithoutDerivedProperties(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties.Where(p => p.Set is null && p.AssociatedParameter is null).ToList())
        {
            type.Properties.Remove(property);
        }
    }

    public void Configure(EntityTypeBuilder<NotificationOrder> order)
    {
        order.ToTable("orders");
        order.HasKey(o => o.Id).HasName("pk_orders");
        order.Property(o => o.Id).ValueGeneratedNever();
        order.Property(o => o.Creator).IsRequired();
        order.Property(o => o.ProcessingStatus).HasConversion<string>();
        // Orders are inserted by SQL that always names the type; the migration that added the column gave the orders
        // before it 'Notification' (a default in the database only, so EF does not second-guess the CLR default).
        order.Property(o => o.Type).HasConversion<string>();

        // Recipients are written once and always read whole: one jsonb value keeps a 100,000-recipient order one row.
        order.Property(o => o.Recipients)
            .HasColumnType("jsonb")
            .HasConversion(
                r => JsonSerializer.Serialize(r, Json),
                s => JsonSerializer.Deserialize<List<Recipient>>(s, Json)!,
                new ValueComparer<IReadOnlyList<Recipient>>(
                    (a, b) => a!.SequenceEqual(b!),
                    r => r.Aggregate(0, (hash, x) => HashCode.Combine(hash, x.GetHashCode())),
                    r => r.ToList()));
        order.Property(o => o.RecipientLookup)
            .HasColumnType("jsonb")
            .HasConversion(
                r => r == null ? null : JsonSerializer.Serialize(r, Json),
                s => s == null ? null : JsonSerializer.Deserialize<RecipientLookupResult>(s, Json));

        order.ComplexProperty(o => o.EmailTemplate, template =>
        {
            // The template's columns keep their own names (the convention would prefix them with email_template_).
            template.Property(t => t.FromAddress).HasColumnName("from_address");
            template.Property(t => t.Subject).HasColumnName("subject");
            template.Property(t => t.Body).HasColumnName("body");
            template.Property(t => t.ContentType).HasColumnName("content_type").HasConversion<string>();
        });

        // Processing bookkeeping, written only by OrderQueue's and MaintenanceStore's SQL.
        order.Property<Guid?>("ClaimToken");
        order.Property<DateTimeOffset?>("LeaseExpiresAt");
        // When a Registered order is next due: its send time at first, later the time of its next retry.
        order.Property<DateTimeOffset>("DueAt");
        order.Property<int>("ConditionAttempts");
        order.Property<int>("LookupAttempts");
        // What one email's template weighs, so an email claim can keep the templates it loads under a bound.
        order.Property<int>("TemplateBytes")
            .HasComputedColumnSql("octet_length(subject) + octet_length(body)", stored: true);

        order.HasIndex(o => new { o.Creator, o.SendersReference }, "ix_orders_creator_senders_reference");
        order.HasIndex(o => o.ChainId, "ix_orders_chain_id").HasFilter("chain_id IS NOT NULL");
        // Fair claims visit each creator with due orders in turn (a loose index scan over creators); as for emails, no
        // index on due_at alone, which the planner would scan past one creator's backlog.
        order.HasIndex(["Creator", "DueAt"], "ix_orders_registered_by_creator")
            .HasFilter($"processing_status = {StatusSql.Registered}");
        order.HasIndex(["LeaseExpiresAt"], "ix_orders_processing_lease").HasFilter($"processing_status = {StatusSql.Processing}");
        order.HasIndex(o => o.Id, "ix_orders_processed").HasFilter($"processing_status = {StatusSql.Processed}");
    }
}
