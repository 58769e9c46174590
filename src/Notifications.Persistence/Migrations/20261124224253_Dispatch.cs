using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Dispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_registered_due",
                schema: "notifications",
                table: "orders");

            migrationBuilder.AddColumn<Guid>(
                name: "claim_token",
                schema: "notifications",
                table: "orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "condition_attempts",
                schema: "notifications",
                table: "orders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "due_at",
                schema: "notifications",
                table: "orders",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_expires_at",
                schema: "notifications",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "lookup_attempts",
                schema: "notifications",
                table: "orders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Orders registered before this migration become due at their requested send time.
            migrationBuilder.Sql("UPDATE notifications.orders SET due_at = requested_send_time;");

            migrationBuilder.CreateTable(
                name: "email_notifications",
                schema: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    email_address = table.Column<string>(type: "text", nullable: true),
                    national_identity_number = table.Column<string>(type: "text", nullable: true),
                    organization_number = table.Column<string>(type: "text", nullable: true),
                    recipient_name = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    status_changed = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    claim_token = table.Column<Guid>(type: "uuid", nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    operation_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_email_notifications_orders",
                        column: x => x.order_id,
                        principalSchema: "notifications",
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_orders_processed",
                schema: "notifications",
                table: "orders",
                column: "id",
                filter: "processing_status = 'Processed'");

            migrationBuilder.CreateIndex(
                name: "ix_orders_processing_lease",
                schema: "notifications",
                table: "orders",
                column: "lease_expires_at",
                filter: "processing_status = 'Processing'");

            migrationBuilder.CreateIndex(
                name: "ix_orders_registered_due",
                schema: "notifications",
                table: "orders",
                column: "due_at",
                filter: "processing_status = 'Registered'");

            migrationBuilder.CreateIndex(
                name: "ix_email_notifications_new",
                schema: "notifications",
                table: "email_notifications",
                column: "next_attempt_at",
                filter: "status = 'New'");

            migrationBuilder.CreateIndex(
                name: "ix_email_notifications_operation_id",
                schema: "notifications",
                table: "email_notifications",
                column: "operation_id",
                filter: "operation_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_email_notifications_order_id",
                schema: "notifications",
                table: "email_notifications",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_email_notifications_sending",
                schema: "notifications",
                table: "email_notifications",
                column: "lease_expires_at",
                filter: "status = 'Sending'");

            migrationBuilder.CreateIndex(
                name: "ix_email_notifications_succeeded_expiry",
                schema: "notifications",
                table: "email_notifications",
                column: "expires_at",
                filter: "status = 'Succeeded'");

            migrationBuilder.CreateIndex(
                name: "ix_email_notifications_unfinished",
                schema: "notifications",
                table: "email_notifications",
                column: "order_id",
                filter: "status IN ('New', 'Sending')");

            migrationBuilder.CreateIndex(
                name: "ix_email_notifications_unfinished_expiry",
                schema: "notifications",
                table: "email_notifications",
                column: "expires_at",
                filter: "status IN ('New', 'Sending')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "email_notifications",
                schema: "notifications");

            migrationBuilder.DropIndex(
                name: "ix_orders_processed",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_processing_lease",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_registered_due",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "claim_token",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "condition_attempts",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "due_at",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "lease_expires_at",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "lookup_attempts",
                schema: "notifications",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_registered_due",
                schema: "notifications",
                table: "orders",
                column: "requested_send_time",
                filter: "processing_status = 'Registered'");
        }
    }
}
