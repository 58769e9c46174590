using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "notifications");

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                schema: "notifications",
                columns: table => new
                {
                    creator = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<string>(type: "text", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.creator, x.key });
                });

            migrationBuilder.CreateTable(
                name: "orders",
                schema: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator = table.Column<string>(type: "text", nullable: false),
                    created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    senders_reference = table.Column<string>(type: "text", nullable: true),
                    requested_send_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ignore_reservation = table.Column<bool>(type: "boolean", nullable: false),
                    resource_id = table.Column<string>(type: "text", nullable: true),
                    condition_endpoint = table.Column<string>(type: "text", nullable: true),
                    recipients = table.Column<string>(type: "jsonb", nullable: false),
                    recipient_lookup = table.Column<string>(type: "jsonb", nullable: true),
                    processing_status = table.Column<string>(type: "text", nullable: false),
                    processing_status_changed = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    content_type = table.Column<string>(type: "text", nullable: false),
                    from_address = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_created",
                schema: "notifications",
                table: "idempotency_keys",
                column: "created");

            migrationBuilder.CreateIndex(
                name: "ix_orders_creator_senders_reference",
                schema: "notifications",
                table: "orders",
                columns: new[] { "creator", "senders_reference" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_registered_due",
                schema: "notifications",
                table: "orders",
                column: "requested_send_time",
                filter: "processing_status = 'Registered'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_keys",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "orders",
                schema: "notifications");
        }
    }
}
