using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DispatchClaimOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_dispatches_instance_id",
                table: "workflow_dispatches");

            migrationBuilder.DropIndex(
                name: "ix_workflow_dispatches_status_not_before",
                table: "workflow_dispatches");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_dispatches_instance_id_status_id",
                table: "workflow_dispatches",
                columns: new[] { "instance_id", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_dispatches_pending",
                table: "workflow_dispatches",
                column: "id",
                filter: "status = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_dispatches_instance_id_status_id",
                table: "workflow_dispatches");

            migrationBuilder.DropIndex(
                name: "ix_workflow_dispatches_pending",
                table: "workflow_dispatches");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_dispatches_instance_id",
                table: "workflow_dispatches",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_dispatches_status_not_before",
                table: "workflow_dispatches",
                columns: new[] { "status", "not_before" });
        }
    }
}
