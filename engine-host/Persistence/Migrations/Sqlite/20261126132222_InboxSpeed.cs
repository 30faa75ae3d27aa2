using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InboxSpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_tasks_assignee_status_due_at",
                table: "workflow_tasks");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_tasks_assignee_status_due_at_team_role",
                table: "workflow_tasks",
                columns: new[] { "assignee", "status", "due_at", "team", "role" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_tasks_assignee_status_due_at_team_role",
                table: "workflow_tasks");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_tasks_assignee_status_due_at",
                table: "workflow_tasks",
                columns: new[] { "assignee", "status", "due_at" });
        }
    }
}
