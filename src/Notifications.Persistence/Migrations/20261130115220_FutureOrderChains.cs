using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FutureOrderChains : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "chain_id",
                schema: "notifications",
                table: "orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "type",
                schema: "notifications",
                table: "orders",
                type: "text",
                nullable: false,
                defaultValueSql: "'Notification'");

            migrationBuilder.CreateTable(
                name: "order_chains",
                schema: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator = table.Column<string>(type: "text", nullable: false),
                    idempotency_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<string>(type: "text", nullable: false),
                    senders_reference = table.Column<string>(type: "text", nullable: true),
                    dialog_id = table.Column<string>(type: "text", nullable: true),
                    transmission_id = table.Column<string>(type: "text", nullable: true),
                    created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_chains", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_orders_chain_id",
                schema: "notifications",
                table: "orders",
                column: "chain_id",
                filter: "chain_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_order_chains_created",
                schema: "notifications",
                table: "order_chains",
                column: "created");

            migrationBuilder.CreateIndex(
                name: "ux_order_chains_creator_idempotency_id",
                schema: "notifications",
                table: "order_chains",
                columns: new[] { "creator", "idempotency_id" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_orders_order_chains",
                schema: "notifications",
                table: "orders",
                column: "chain_id",
                principalSchema: "notifications",
                principalTable: "order_chains",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_orders_order_chains",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropTable(
                name: "order_chains",
                schema: "notifications");

            migrationBuilder.DropIndex(
                name: "ix_orders_chain_id",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "chain_id",
                schema: "notifications",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "type",
                schema: "notifications",
                table: "orders");
        }
    }
}
