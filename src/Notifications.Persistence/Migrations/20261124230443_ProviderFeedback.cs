using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ProviderFeedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "delivery_report_at",
                schema: "notifications",
                table: "email_notifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "polls",
                schema: "notifications",
                table: "email_notifications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "delivery_reports",
                schema: "notifications",
                columns: table => new
                {
                    event_id = table.Column<string>(type: "text", nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    mapped_status = table.Column<string>(type: "text", nullable: true),
                    delivery_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_message = table.Column<string>(type: "text", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delivery_reports", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "provider_throttles",
                schema: "notifications",
                columns: table => new
                {
                    provider = table.Column<string>(type: "text", nullable: false),
                    paused_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_throttles", x => x.provider);
                });

            migrationBuilder.CreateTable(
                name: "send_budgets",
                schema: "notifications",
                columns: table => new
                {
                    provider = table.Column<string>(type: "text", nullable: false),
                    window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_send_budgets", x => x.provider);
                });

            migrationBuilder.CreateIndex(
                name: "ix_email_notifications_to_poll",
                schema: "notifications",
                table: "email_notifications",
                column: "next_attempt_at",
                filter: "status = 'Sending' AND operation_id IS NOT NULL AND lease_expires_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_delivery_reports_message_id",
                schema: "notifications",
                table: "delivery_reports",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_delivery_reports_received_at",
                schema: "notifications",
                table: "delivery_reports",
                column: "received_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delivery_reports",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "provider_throttles",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "send_budgets",
                schema: "notifications");

            migrationBuilder.DropIndex(
                name: "ix_email_notifications_to_poll",
                schema: "notifications",
                table: "email_notifications");

            migrationBuilder.DropColumn(
                name: "delivery_report_at",
                schema: "notifications",
                table: "email_notifications");

            migrationBuilder.DropColumn(
                name: "polls",
                schema: "notifications",
                table: "email_notifications");
        }
    }
}
