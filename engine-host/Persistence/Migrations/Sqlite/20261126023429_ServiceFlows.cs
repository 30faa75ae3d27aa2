using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ServiceFlows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "service_requests",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "related_request_id",
                table: "service_requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "warranty_reason",
                table: "service_requests",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "warranty_remedy",
                table: "service_requests",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "customers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_external_id",
                table: "service_requests",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_related_request_id",
                table: "service_requests",
                column: "related_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_customers_external_id",
                table: "customers",
                column: "external_id",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_service_requests_service_requests_related_request_id",
                table: "service_requests",
                column: "related_request_id",
                principalTable: "service_requests",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_service_requests_service_requests_related_request_id",
                table: "service_requests");

            migrationBuilder.DropIndex(
                name: "ix_service_requests_external_id",
                table: "service_requests");

            migrationBuilder.DropIndex(
                name: "ix_service_requests_related_request_id",
                table: "service_requests");

            migrationBuilder.DropIndex(
                name: "ix_customers_external_id",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "service_requests");

            migrationBuilder.DropColumn(
                name: "related_request_id",
                table: "service_requests");

            migrationBuilder.DropColumn(
                name: "warranty_reason",
                table: "service_requests");

            migrationBuilder.DropColumn(
                name: "warranty_remedy",
                table: "service_requests");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "customers");
        }
    }
}
