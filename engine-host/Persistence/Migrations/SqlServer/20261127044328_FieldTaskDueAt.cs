using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class FieldTaskDueAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "due_at",
                table: "field_tasks",
                type: "datetimeoffset",
                nullable: true);

            // visits still open take their request's on-site due time, as new ones do
            migrationBuilder.Sql("""
                UPDATE field_tasks SET due_at = (SELECT r.on_site_due FROM service_requests r WHERE r.id = field_tasks.service_request_id)
                WHERE due_at IS NULL AND status IN ('Scheduled', 'EnRoute', 'OnSite')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "due_at",
                table: "field_tasks");
        }
    }
}
