using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WorkspaceComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "task_id",
                table: "task_comments",
                type: "uniqueidentifier",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uniqueidentifier");

            migrationBuilder.AddColumn<Guid>(
                name: "request_id",
                table: "task_comments",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_task_comments_request_id_created_at",
                table: "task_comments",
                columns: new[] { "request_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_task_comments_request_id_created_at",
                table: "task_comments");

            migrationBuilder.DropColumn(
                name: "request_id",
                table: "task_comments");

            migrationBuilder.AlterColumn<Guid>(
                name: "task_id",
                table: "task_comments",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uniqueidentifier",
                oldNullable: true);
        }
    }
}
