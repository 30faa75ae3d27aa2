using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SlaImpactIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sla_status_changes_request_id_at",
                table: "sla_status_changes");

            migrationBuilder.CreateIndex(
                name: "ix_sla_status_changes_request_id_at_id_status",
                table: "sla_status_changes",
                columns: new[] { "request_id", "at", "id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_sla_status_changes_status_request_id",
                table: "sla_status_changes",
                columns: new[] { "status", "request_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sla_status_changes_request_id_at_id_status",
                table: "sla_status_changes");

            migrationBuilder.DropIndex(
                name: "ix_sla_status_changes_status_request_id",
                table: "sla_status_changes");

            migrationBuilder.CreateIndex(
                name: "ix_sla_status_changes_request_id_at",
                table: "sla_status_changes",
                columns: new[] { "request_id", "at" });
        }
    }
}
