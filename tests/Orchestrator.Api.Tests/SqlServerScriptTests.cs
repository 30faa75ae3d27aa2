using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Orchestrator.EngineHost.Persistence;

namespace Orchestrator.Api.Tests;

/// <summary>
/// SQL Server cannot run on these machines, so its path is checked by parsing: the idempotent
/// migration script (what `dotnet ef migrations script --idempotent` prints) and every raw SQL string
/// the SQL Server path runs go through the T-SQL parser of SQL Server's own tools.
/// </summary>
public sealed class SqlServerScriptTests
{
    private static ServiceProvider SqlServerServices()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Orchestrator"] = "Server=unreachable.invalid;Database=orchestrator;Connect Timeout=1",
        }).Build();
        return new ServiceCollection().AddLogging().AddOrchestratorDatabase(config, Path.GetTempPath())
            .BuildServiceProvider();
    }

    internal static IList<ParseError> Parse(string sql)
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    [Fact]
    public void The_idempotent_migration_script_parses_as_T_SQL()
    {
        using var services = SqlServerServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        Assert.IsType<SqlServerOrchestratorDbContext>(db);
        var migrator = db.GetService<IMigrator>();
        var script = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.NotEmpty(db.Database.GetMigrations());
        foreach (var migration in db.Database.GetMigrations())
            Assert.Contains(migration, script);
        var errors = Parse(script);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")));
    }

    [Fact]
    public void The_raw_SQL_the_engine_runs_on_SQL_Server_parses()
    {
        using var services = SqlServerServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        foreach (var sql in new[]
                 {
                     Orchestrator.Workflows.Runtime.DispatchClaimer.SqlFor(db), Orchestrator.Workflows.Runtime.DispatchClaimer.Release,
                     Orchestrator.Workflows.Persistence.ExecutionLogWriter.InsertSql(db, 1), Orchestrator.Workflows.Persistence.ExecutionLogWriter.InsertSql(db, 3),
                     string.Format(System.Globalization.CultureInfo.InvariantCulture, Orchestrator.Workflows.Runtime.TimerFiring.SqlServerDue, "@p0", "@p1"),
                 })
        {
            var errors = Parse(sql);
            Assert.True(errors.Count == 0, sql + "\n" + string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")));
        }
        Assert.StartsWith("INSERT INTO [workflow_execution_log] (", Orchestrator.Workflows.Persistence.ExecutionLogWriter.InsertSql(db, 2));
    }

    [Fact]
    public void The_parser_rejects_broken_T_SQL()
    {
        // guards the check above: a parser that accepted anything would prove nothing
        Assert.NotEmpty(Parse("SELECT * FROM WITH (UPDLOCK"));
        Assert.Empty(Parse("SELECT TOP (1) id FROM t WITH (UPDLOCK, READPAST, ROWLOCK) ORDER BY id"));
    }
}
