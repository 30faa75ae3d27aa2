using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PmScheduling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "interval_months",
                table: "pm_plans",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<int>(
                name: "lead_days",
                table: "pm_plans",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "schedule",
                table: "pm_plans",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "schedule_shift_days",
                table: "pm_plans",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "pm_occurrences",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    plan_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    service_request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    skipped = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pm_occurrences", x => x.id);
                    table.ForeignKey(
                        name: "fk_pm_occurrences_pm_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "pm_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pm_occurrences_service_requests_service_request_id",
                        column: x => x.service_request_id,
                        principalTable: "service_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pm_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    contract_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    today = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    total = table.Column<int>(type: "INTEGER", nullable: false),
                    scanned = table.Column<int>(type: "INTEGER", nullable: false),
                    created = table.Column<int>(type: "INTEGER", nullable: false),
                    existing = table.Column<int>(type: "INTEGER", nullable: false),
                    failed = table.Column<int>(type: "INTEGER", nullable: false),
                    errors = table.Column<string>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    heartbeat_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pm_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "revisits",
                columns: table => new
                {
                    service_request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revisits", x => x.service_request_id);
                    table.ForeignKey(
                        name: "fk_revisits_service_requests_service_request_id",
                        column: x => x.service_request_id,
                        principalTable: "service_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pm_occurrences_plan_id_due_date",
                table: "pm_occurrences",
                columns: new[] { "plan_id", "due_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pm_occurrences_service_request_id",
                table: "pm_occurrences",
                column: "service_request_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pm_runs_created_at",
                table: "pm_runs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_pm_runs_status_created_at",
                table: "pm_runs",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_revisits_instance_id",
                table: "revisits",
                column: "instance_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pm_occurrences");

            migrationBuilder.DropTable(
                name: "pm_runs");

            migrationBuilder.DropTable(
                name: "revisits");

            migrationBuilder.DropColumn(
                name: "lead_days",
                table: "pm_plans");

            migrationBuilder.DropColumn(
                name: "schedule",
                table: "pm_plans");

            migrationBuilder.DropColumn(
                name: "schedule_shift_days",
                table: "pm_plans");

            migrationBuilder.AlterColumn<int>(
                name: "interval_months",
                table: "pm_plans",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
