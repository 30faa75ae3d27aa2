using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Orchestrator.EngineHost.Persistence;

// `dotnet ef migrations add X --context <Provider>OrchestratorDbContext -o Persistence/Migrations/<Provider>`
// uses these; no database is contacted to add a migration or to script one.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOrchestratorDbContext>
{
    public SqliteOrchestratorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOrchestratorDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlOrchestratorDbContext>
{
    public PostgreSqlOrchestratorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlOrchestratorDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerOrchestratorDbContext>
{
    public SqlServerOrchestratorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerOrchestratorDbContext>().UseSqlServer("Server=localhost;Database=design").Options);
}
