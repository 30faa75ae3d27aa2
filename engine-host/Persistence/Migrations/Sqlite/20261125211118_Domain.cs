using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orchestrator.EngineHost.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Domain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    changes = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customer_groups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "domain_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_domain_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_articles",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    symptom = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    solution = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    product_line = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    usage_count = table.Column<int>(type: "INTEGER", nullable: false),
                    source_request_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_articles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "number_sequences",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_number_sequences", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "parts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    part_number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    product_line = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    unit_price = table.Column<long>(type: "INTEGER", nullable: false),
                    safety_stock = table.Column<int>(type: "INTEGER", nullable: false),
                    min_stock = table.Column<int>(type: "INTEGER", nullable: false),
                    max_stock = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_parts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "product_models",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    model_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    product_line = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    warranty_months = table.Column<int>(type: "INTEGER", nullable: false),
                    pm_interval_months = table.Column<int>(type: "INTEGER", nullable: true),
                    spare_parts = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_models", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sla_policies",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stock_movements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    batch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    movement = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    part_number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    location_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    location_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    on_hand_change = table.Column<int>(type: "INTEGER", nullable: false),
                    reserved_change = table.Column<int>(type: "INTEGER", nullable: false),
                    on_hand_after = table.Column<int>(type: "INTEGER", nullable: false),
                    reserved_after = table.Column<int>(type: "INTEGER", nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_movements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stock_positions",
                columns: table => new
                {
                    part_number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    location_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    location_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    on_hand = table.Column<int>(type: "INTEGER", nullable: false),
                    reserved = table.Column<int>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_positions", x => new { x.part_number, x.location_kind, x.location_id });
                    table.CheckConstraint("ck_stock_positions_never_negative", "on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand");
                });

            migrationBuilder.CreateTable(
                name: "teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    product_lines = table.Column<string>(type: "TEXT", nullable: false),
                    regions = table.Column<string>(type: "TEXT", nullable: false),
                    lead_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teams", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "warehouses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_warehouses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    province = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    group_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    tier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    blacklisted = table.Column<bool>(type: "INTEGER", nullable: false),
                    blacklist_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    loyalty_points = table.Column<int>(type: "INTEGER", nullable: false),
                    contacts = table.Column<string>(type: "TEXT", nullable: false),
                    addresses = table.Column<string>(type: "TEXT", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => x.id);
                    table.ForeignKey(
                        name: "fk_customers_customer_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "customer_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sla_policy_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    policy_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    document = table.Column<string>(type: "TEXT", nullable: false),
                    effective_from = table.Column<long>(type: "INTEGER", nullable: true),
                    published_at = table.Column<long>(type: "INTEGER", nullable: true),
                    published_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_policy_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sla_policy_versions_sla_policies_policy_id",
                        column: x => x.policy_id,
                        principalTable: "sla_policies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "technicians",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    skills = table.Column<string>(type: "TEXT", nullable: false),
                    regions = table.Column<string>(type: "TEXT", nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    working_hours = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_technicians", x => x.id);
                    table.ForeignKey(
                        name: "fk_technicians_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "loyalty_points",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    change = table.Column<int>(type: "INTEGER", nullable: false),
                    balance = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_loyalty_points", x => x.id);
                    table.ForeignKey(
                        name: "fk_loyalty_points_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_contracts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    coverage = table.Column<int>(type: "INTEGER", nullable: false),
                    start_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    end_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_contracts", x => x.id);
                    table.ForeignKey(
                        name: "fk_service_contracts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "installed_products",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    serial_number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    model_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    site_address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    product_line = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    sale_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    acceptance_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    warranty_end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    contract_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    custom_field1 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    custom_field2 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    custom_field3 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    custom_field4 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    custom_field5 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    exclusions = table.Column<int>(type: "INTEGER", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_installed_products", x => x.id);
                    table.ForeignKey(
                        name: "fk_installed_products_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_installed_products_product_models_model_id",
                        column: x => x.model_id,
                        principalTable: "product_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_installed_products_service_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "service_contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pm_plans",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contract_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    installed_product_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    interval_months = table.Column<int>(type: "INTEGER", nullable: false),
                    next_due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    last_completed_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    checklist = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pm_plans", x => x.id);
                    table.ForeignKey(
                        name: "fk_pm_plans_installed_products_installed_product_id",
                        column: x => x.installed_product_id,
                        principalTable: "installed_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pm_plans_service_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "service_contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "service_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    installed_product_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    symptom = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    priority = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    product_line = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    contact_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    contact_phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    assignee_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    opened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    work_started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolution = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    sla_policy_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    sla_policy_version = table.Column<int>(type: "INTEGER", nullable: true),
                    sla_rule_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    first_response_due = table.Column<long>(type: "INTEGER", nullable: true),
                    on_site_due = table.Column<long>(type: "INTEGER", nullable: true),
                    resolution_due = table.Column<long>(type: "INTEGER", nullable: true),
                    parts_cost = table.Column<long>(type: "INTEGER", nullable: false),
                    labour_cost = table.Column<long>(type: "INTEGER", nullable: false),
                    travel_cost = table.Column<long>(type: "INTEGER", nullable: false),
                    instance_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    audited_at = table.Column<long>(type: "INTEGER", nullable: true),
                    audited_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_service_requests_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_service_requests_installed_products_installed_product_id",
                        column: x => x.installed_product_id,
                        principalTable: "installed_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_service_requests_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_service_requests_technicians_assignee_id",
                        column: x => x.assignee_id,
                        principalTable: "technicians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "callbacks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    service_request_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    scheduled_for = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    feedback = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    satisfaction = table.Column<int>(type: "INTEGER", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    agent = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    audited_at = table.Column<long>(type: "INTEGER", nullable: true),
                    audited_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_callbacks", x => x.id);
                    table.ForeignKey(
                        name: "fk_callbacks_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_callbacks_service_requests_service_request_id",
                        column: x => x.service_request_id,
                        principalTable: "service_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "complaints",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    service_request_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    handler = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    resolution = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    customer_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    audited_at = table.Column<long>(type: "INTEGER", nullable: true),
                    audited_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_complaints", x => x.id);
                    table.ForeignKey(
                        name: "fk_complaints_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_complaints_service_requests_service_request_id",
                        column: x => x.service_request_id,
                        principalTable: "service_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "field_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    service_request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    technician_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    appointment_start = table.Column<long>(type: "INTEGER", nullable: true),
                    appointment_end = table.Column<long>(type: "INTEGER", nullable: true),
                    arrived_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    work_done = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    parts_used = table.Column<string>(type: "TEXT", nullable: false),
                    labour_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    labour_fee = table.Column<long>(type: "INTEGER", nullable: false),
                    travel_fee = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_materials = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    signed_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    signed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_field_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_field_tasks_service_requests_service_request_id",
                        column: x => x.service_request_id,
                        principalTable: "service_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_field_tasks_technicians_technician_id",
                        column: x => x.technician_id,
                        principalTable: "technicians",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "rmas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    service_request_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    installed_product_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    inbound_carrier = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    inbound_tracking = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    received_at = table.Column<long>(type: "INTEGER", nullable: true),
                    diagnosis = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    disposition = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    outbound_carrier = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    outbound_tracking = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    shipped_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rmas", x => x.id);
                    table.ForeignKey(
                        name: "fk_rmas_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_rmas_installed_products_installed_product_id",
                        column: x => x.installed_product_id,
                        principalTable: "installed_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_rmas_service_requests_service_request_id",
                        column: x => x.service_request_id,
                        principalTable: "service_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_type_entity_id_at",
                table: "audit_entries",
                columns: new[] { "entity_type", "entity_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_callbacks_customer_id",
                table: "callbacks",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_callbacks_service_request_id",
                table: "callbacks",
                column: "service_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_callbacks_status_scheduled_for",
                table: "callbacks",
                columns: new[] { "status", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "ix_complaints_customer_id",
                table: "complaints",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_complaints_number",
                table: "complaints",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_complaints_service_request_id",
                table: "complaints",
                column: "service_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_complaints_severity",
                table: "complaints",
                column: "severity");

            migrationBuilder.CreateIndex(
                name: "ix_complaints_status_created_at",
                table: "complaints",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_groups_code",
                table: "customer_groups",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customers_blacklisted",
                table: "customers",
                column: "blacklisted");

            migrationBuilder.CreateIndex(
                name: "ix_customers_code",
                table: "customers",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customers_created_at",
                table: "customers",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_customers_group_id",
                table: "customers",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_customers_name",
                table: "customers",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_customers_phone",
                table: "customers",
                column: "phone");

            migrationBuilder.CreateIndex(
                name: "ix_customers_region",
                table: "customers",
                column: "region");

            migrationBuilder.CreateIndex(
                name: "ix_customers_tier",
                table: "customers",
                column: "tier");

            migrationBuilder.CreateIndex(
                name: "ix_field_tasks_appointment_start",
                table: "field_tasks",
                column: "appointment_start");

            migrationBuilder.CreateIndex(
                name: "ix_field_tasks_service_request_id",
                table: "field_tasks",
                column: "service_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_field_tasks_technician_id_status",
                table: "field_tasks",
                columns: new[] { "technician_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_installed_products_contract_id",
                table: "installed_products",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "ix_installed_products_custom_field1",
                table: "installed_products",
                column: "custom_field1");

            migrationBuilder.CreateIndex(
                name: "ix_installed_products_customer_id",
                table: "installed_products",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_installed_products_model_id",
                table: "installed_products",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_installed_products_product_line",
                table: "installed_products",
                column: "product_line");

            migrationBuilder.CreateIndex(
                name: "ix_installed_products_serial_number",
                table: "installed_products",
                column: "serial_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_installed_products_warranty_end",
                table: "installed_products",
                column: "warranty_end");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_product_line",
                table: "knowledge_articles",
                column: "product_line");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_status_updated_at",
                table: "knowledge_articles",
                columns: new[] { "status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_loyalty_points_customer_id_at",
                table: "loyalty_points",
                columns: new[] { "customer_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_parts_part_number",
                table: "parts",
                column: "part_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_parts_product_line",
                table: "parts",
                column: "product_line");

            migrationBuilder.CreateIndex(
                name: "ix_pm_plans_active_next_due_date",
                table: "pm_plans",
                columns: new[] { "active", "next_due_date" });

            migrationBuilder.CreateIndex(
                name: "ix_pm_plans_contract_id",
                table: "pm_plans",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "ix_pm_plans_installed_product_id",
                table: "pm_plans",
                column: "installed_product_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_models_model_code",
                table: "product_models",
                column: "model_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_product_models_product_line",
                table: "product_models",
                column: "product_line");

            migrationBuilder.CreateIndex(
                name: "ix_rmas_customer_id",
                table: "rmas",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_rmas_inbound_tracking",
                table: "rmas",
                column: "inbound_tracking");

            migrationBuilder.CreateIndex(
                name: "ix_rmas_installed_product_id",
                table: "rmas",
                column: "installed_product_id");

            migrationBuilder.CreateIndex(
                name: "ix_rmas_number",
                table: "rmas",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rmas_service_request_id",
                table: "rmas",
                column: "service_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_rmas_status",
                table: "rmas",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_service_contracts_code",
                table: "service_contracts",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_contracts_customer_id",
                table: "service_contracts",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_contracts_end_date",
                table: "service_contracts",
                column: "end_date");

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_assignee_id_status",
                table: "service_requests",
                columns: new[] { "assignee_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_customer_id",
                table: "service_requests",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_installed_product_id",
                table: "service_requests",
                column: "installed_product_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_instance_id",
                table: "service_requests",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_number",
                table: "service_requests",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_opened_at",
                table: "service_requests",
                column: "opened_at");

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_priority",
                table: "service_requests",
                column: "priority");

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_resolution_due",
                table: "service_requests",
                column: "resolution_due");

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_status_opened_at",
                table: "service_requests",
                columns: new[] { "status", "opened_at" });

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_team_id",
                table: "service_requests",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_requests_type",
                table: "service_requests",
                column: "type");

            migrationBuilder.CreateIndex(
                name: "ix_sla_policy_versions_policy_id_status_effective_from",
                table: "sla_policy_versions",
                columns: new[] { "policy_id", "status", "effective_from" });

            migrationBuilder.CreateIndex(
                name: "ix_sla_policy_versions_policy_id_version",
                table: "sla_policy_versions",
                columns: new[] { "policy_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_sla_policy_versions_draft",
                table: "sla_policy_versions",
                column: "policy_id",
                unique: true,
                filter: "status = 'Draft'");

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_at",
                table: "stock_movements",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_batch_id",
                table: "stock_movements",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_part_number_at",
                table: "stock_movements",
                columns: new[] { "part_number", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_reference",
                table: "stock_movements",
                column: "reference");

            migrationBuilder.CreateIndex(
                name: "ix_stock_positions_location_kind_location_id",
                table: "stock_positions",
                columns: new[] { "location_kind", "location_id" });

            migrationBuilder.CreateIndex(
                name: "ix_teams_code",
                table: "teams",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_technicians_code",
                table: "technicians",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_technicians_team_id_active",
                table: "technicians",
                columns: new[] { "team_id", "active" });

            migrationBuilder.CreateIndex(
                name: "ix_warehouses_code",
                table: "warehouses",
                column: "code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "callbacks");

            migrationBuilder.DropTable(
                name: "complaints");

            migrationBuilder.DropTable(
                name: "domain_settings");

            migrationBuilder.DropTable(
                name: "field_tasks");

            migrationBuilder.DropTable(
                name: "knowledge_articles");

            migrationBuilder.DropTable(
                name: "loyalty_points");

            migrationBuilder.DropTable(
                name: "number_sequences");

            migrationBuilder.DropTable(
                name: "parts");

            migrationBuilder.DropTable(
                name: "pm_plans");

            migrationBuilder.DropTable(
                name: "rmas");

            migrationBuilder.DropTable(
                name: "sla_policy_versions");

            migrationBuilder.DropTable(
                name: "stock_movements");

            migrationBuilder.DropTable(
                name: "stock_positions");

            migrationBuilder.DropTable(
                name: "warehouses");

            migrationBuilder.DropTable(
                name: "service_requests");

            migrationBuilder.DropTable(
                name: "sla_policies");

            migrationBuilder.DropTable(
                name: "installed_products");

            migrationBuilder.DropTable(
                name: "technicians");

            migrationBuilder.DropTable(
                name: "product_models");

            migrationBuilder.DropTable(
                name: "service_contracts");

            migrationBuilder.DropTable(
                name: "teams");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "customer_groups");
        }
    }
}
