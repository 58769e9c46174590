using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StatusFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "status_feed_seq",
                schema: "notifications");

            migrationBuilder.CreateTable(
                name: "status_feed",
                schema: "notifications",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator = table.Column<string>(type: "text", nullable: false),
                    created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    entry = table.Column<string>(type: "jsonb", nullable: false),
                    sequence_number = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_status_feed", x => x.order_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_status_feed_created",
                schema: "notifications",
                table: "status_feed",
                column: "created");

            migrationBuilder.CreateIndex(
                name: "ix_status_feed_unsequenced",
                schema: "notifications",
                table: "status_feed",
                column: "created",
                filter: "sequence_number IS NULL");

            migrationBuilder.CreateIndex(
                name: "ux_status_feed_creator_sequence_number",
                schema: "notifications",
                table: "status_feed",
                columns: new[] { "creator", "sequence_number" },
                unique: true,
                filter: "sequence_number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_status_feed_sequence_number",
                schema: "notifications",
                table: "status_feed",
                column: "sequence_number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "status_feed",
                schema: "notifications");

            migrationBuilder.DropSequence(
                name: "status_feed_seq",
                schema: "notifications");
        }
    }
}
