using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SlaAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "arrived_at",
                table: "service_requests",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "first_responded_at",
                table: "service_requests",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sla_escalations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    request_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    policy_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "int", nullable: false),
                    step = table.Column<int>(type: "int", nullable: false),
                    target = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    action = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    fired_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    outcome = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_escalations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sla_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    kind = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    parameters = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    done = table.Column<long>(type: "bigint", nullable: false),
                    total = table.Column<long>(type: "bigint", nullable: false),
                    result = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    error = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    created_by = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sla_overrides",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    request_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    target = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    due = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    computed_due = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    by = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_overrides", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sla_status_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    request_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    status = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    by = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_status_changes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sla_escalations_request_id_policy_id_version_step",
                table: "sla_escalations",
                columns: new[] { "request_id", "policy_id", "version", "step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sla_escalations_status_due_at",
                table: "sla_escalations",
                columns: new[] { "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_sla_jobs_created_at",
                table: "sla_jobs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_sla_overrides_request_id_at",
                table: "sla_overrides",
                columns: new[] { "request_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_sla_status_changes_request_id_at",
                table: "sla_status_changes",
                columns: new[] { "request_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sla_escalations");

            migrationBuilder.DropTable(
                name: "sla_jobs");

            migrationBuilder.DropTable(
                name: "sla_overrides");

            migrationBuilder.DropTable(
                name: "sla_status_changes");

            migrationBuilder.DropColumn(
                name: "arrived_at",
                table: "service_requests");

            migrationBuilder.DropColumn(
                name: "first_responded_at",
                table: "service_requests");
        }
    }
}
