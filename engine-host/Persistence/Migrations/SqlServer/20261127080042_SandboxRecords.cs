using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SandboxRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "sandbox",
                table: "rmas",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "sandbox",
                table: "callbacks",
                type: "bit",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "sandbox",
                table: "rmas");

            migrationBuilder.DropColumn(
                name: "sandbox",
                table: "callbacks");
        }
    }
}
