using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SlaApply : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sla_retargets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    request_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    policy_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    from_version = table.Column<int>(type: "int", nullable: false),
                    to_version = table.Column<int>(type: "int", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    by = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    job_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_retargets", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sla_retargets_job_id",
                table: "sla_retargets",
                column: "job_id");

            migrationBuilder.CreateIndex(
                name: "ix_sla_retargets_request_id_at",
                table: "sla_retargets",
                columns: new[] { "request_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sla_retargets");
        }
    }
}
