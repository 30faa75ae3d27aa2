using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InboxCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_workflow_tasks_status_assignee_team_role_sandbox",
                table: "workflow_tasks",
                columns: new[] { "status", "assignee", "team", "role", "sandbox" });

            // Every unassigned task is open: status and assignee are not independent, and with the planner's default
            // assumption that they are, it estimated a tenth of the unassigned view's matches and sorted 8,000 rows
            // instead of walking the due-time index (47 ms → 2 ms with 100,000 open tasks; docs/benchmarks.md, issue 9).
            migrationBuilder.Sql("CREATE STATISTICS IF NOT EXISTS st_workflow_tasks_status_assignee_team (mcv) ON status, assignee, team FROM workflow_tasks;");
            migrationBuilder.Sql("ANALYZE workflow_tasks;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP STATISTICS IF EXISTS st_workflow_tasks_status_assignee_team;");
            migrationBuilder.DropIndex(
                name: "ix_workflow_tasks_status_assignee_team_role_sandbox",
                table: "workflow_tasks");
        }
    }
}
