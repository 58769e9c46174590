using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FairLeasedClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_registered_due",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_email_notifications_new",
                schema: "notifications",
                table: "email_notifications");

            migrationBuilder.AddColumn<string>(
                name: "creator",
                schema: "notifications",
                table: "email_notifications",
                type: "text",
                nullable: false,
                defaultValue: "");

            // Emails generated before this migration take their order's creator.
            migrationBuilder.Sql("""
                UPDATE notifications.email_notifications e SET creator = o.creator
                FROM notifications.orders o WHERE o.id = e.order_id
                """);

            migrationBuilder.AddColumn<int>(
                name: "template_bytes",
                schema: "notifications",
                table: "orders",
                type: "integer",
                nullable: false,
                computedColumnSql: "octet_length(subject) + octet_length(body)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_registered_by_creator",
                schema: "notifications",
                table: "orders",
                columns: new[] { "creator", "due_at" },
                filter: "processing_status = 'Registered'");

            migrationBuilder.CreateIndex(
                name: "ix_email_notifications_new_by_creator",
                schema: "notifications",
                table: "email_notifications",
                columns: new[] { "creator", "next_attempt_at" },
                filter: "status = 'New'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_registered_by_creator",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_email_notifications_new_by_creator",
                schema: "notifications",
                table: "email_notifications");

            migrationBuilder.DropColumn(
                name: "template_bytes",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "creator",
                schema: "notifications",
                table: "email_notifications");

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
        }
    }
}
