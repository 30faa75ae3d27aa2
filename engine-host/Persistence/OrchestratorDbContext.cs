using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Orchestrator.Domain.Persistence;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Persistence;

/// <summary>
/// The one DbContext of the process, composed from the model pieces the engine and the domain
/// contribute, so one transaction covers a burst's engine rows and the domain changes it made.
/// Each provider has a subclass that owns that provider's migrations.
/// </summary>
public abstract class OrchestratorDbContext : DbContext
{
    protected OrchestratorDbContext(DbContextOptions options) : base(options) =>
        // the interceptors of a save share one change detection (SavingEntries), which needs the context's first save
        SavingEntries.Watch(this);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyWorkflowModel();
        modelBuilder.ApplyDomainModel();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrchestratorDbContext).Assembly); // the host's own tables
        modelBuilder.UseSnakeCaseNames();
    }
}

public sealed class SqliteOrchestratorDbContext(DbContextOptions<SqliteOrchestratorDbContext> options)
    : OrchestratorDbContext(options)
{
    /// <summary>SQLite has no time type: times are stored as numbers that sort and compare in time order (always UTC).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgreSqlOrchestratorDbContext(DbContextOptions<PostgreSqlOrchestratorDbContext> options)
    : OrchestratorDbContext(options);

public sealed class SqlServerOrchestratorDbContext(DbContextOptions<SqlServerOrchestratorDbContext> options)
    : OrchestratorDbContext(options);
