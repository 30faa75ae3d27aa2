using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InboxDueCovering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_tasks_status_due_at",
                table: "workflow_tasks");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_tasks_status_due_at_assignee_team_role_sandbox",
                table: "workflow_tasks",
                columns: new[] { "status", "due_at", "assignee", "team", "role", "sandbox" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_tasks_status_due_at_assignee_team_role_sandbox",
                table: "workflow_tasks");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_tasks_status_due_at",
                table: "workflow_tasks",
                columns: new[] { "status", "due_at" });
        }
    }
}
