using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Persistence;
using Orchestrator.Workflows.Persistence;
using SQLitePCL;

namespace Orchestrator.Api.Tests;

[Collection(SqliteCollection.Name)]
public sealed class SqliteHostTests(SqliteHost host)
{
    [Fact]
    public void A_second_host_on_the_same_SQLite_file_refuses_to_start_and_says_why()
    {
        using var second = new OrchestratorFactory(host.Database);
        var error = Assert.ThrowsAny<Exception>(() => second.CreateClient());
        var message = error.ToString();
        Assert.Contains("Another Orchestrator host is running on the SQLite database", message);
        Assert.Contains("PostgreSql", message);
    }

    /// <summary>The memory SQLite holds for compiled statements on this connection right now.</summary>
    private static int CompiledBytes(SqliteConnection connection)
    {
        const int StatementMemory = 3; // SQLITE_DBSTATUS_STMT_USED
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_db_status(connection.Handle, StatementMemory, out var current, out _, 0));
        return current;
    }

    [Fact]
    public async Task A_statement_run_again_on_an_open_connection_stays_compiled_and_answers_for_its_new_parameters()
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.ExecuteSqlRawAsync("CREATE TEMP TABLE cache_probe (n INTEGER NOT NULL)");
        var before = CompiledBytes(connection);

        // writes and reads with the same text and other values: each answer is its own
        for (var n = 1; n <= 4; n++)
            await db.Database.ExecuteSqlAsync($"INSERT INTO cache_probe (n) VALUES ({n})");
        for (var n = 1; n <= 4; n++)
            Assert.Equal(n * 10, await db.Database.SqlQuery<int>($"SELECT n * 10 AS \"Value\" FROM cache_probe WHERE n = {n}").SingleAsync());
        // their readers are closed, and SQLite still holds them compiled
        Assert.True(CompiledBytes(connection) > before, $"{CompiledBytes(connection)} bytes of compiled statements, {before} before");

        // the same text again while a reader of it is still open: run on a command of its own, both answers right
        IQueryable<int> From(int n) => db.Database.SqlQuery<int>($"SELECT n * 10 AS \"Value\" FROM cache_probe WHERE n >= {n}");
        Assert.Equal([10, 20, 30, 40], await From(1).ToListAsync());
        Assert.Equal([20, 30, 40], await From(2).ToListAsync());
        var pairs = new List<(int Outer, int Inner)>();
        await foreach (var outer in From(3).AsAsyncEnumerable())
            pairs.Add((outer, (await From(outer / 10).ToListAsync()).Count));
        Assert.Equal([(30, 2), (40, 1)], pairs);

        await transaction.RollbackAsync();
        await db.Database.CloseConnectionAsync();
        // closed: SQLite finalized them, and what runs after the next open is compiled again on the new handle
        await db.Database.OpenConnectionAsync();
        Assert.Equal(0, CompiledBytes(connection));
        Assert.Equal(7, await db.Database.SqlQuery<int>($"SELECT {7} AS \"Value\"").SingleAsync());
        Assert.Equal(8, await db.Database.SqlQuery<int>($"SELECT {8} AS \"Value\"").SingleAsync());
        await db.Database.CloseConnectionAsync();
    }

    [Fact]
    public async Task Writers_of_one_host_take_turns_in_the_order_they_asked_and_a_transaction_left_undone_lets_the_next_one_go()
    {
        var scopes = new List<AsyncServiceScope>();
        OrchestratorDbContext Context()
        {
            var scope = host.Factory.Services.CreateAsyncScope();
            scopes.Add(scope);
            return scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        }
        try
        {
            var first = Context();
            await first.Database.ExecuteSqlAsync($"DROP TABLE IF EXISTS gate_probe");
            await first.Database.ExecuteSqlAsync($"CREATE TABLE gate_probe (writer TEXT NOT NULL)");
            var transaction = await first.Database.BeginTransactionAsync();
            var connection = first.Database.GetDbConnection();
            var gate = SqliteWriteGate.Of(connection);
            Assert.NotNull(gate);
            Assert.True(gate.Holds(connection));
            await first.Database.ExecuteSqlAsync($"INSERT INTO gate_probe VALUES ('first')");

            // two writes outside a transaction, asked in this order, wait for the first writer's end
            var second = Context();
            var third = Context();
            var secondWrite = second.Database.ExecuteSqlAsync($"INSERT INTO gate_probe VALUES ('second')");
            await Task.Delay(150);
            var thirdWrite = third.Database.ExecuteSqlAsync($"INSERT INTO gate_probe VALUES ('third')");
            await Task.Delay(150);
            Assert.False(secondWrite.IsCompleted || thirdWrite.IsCompleted);

            await transaction.CommitAsync();
            await Task.WhenAll(secondWrite, thirdWrite).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(["first", "second", "third"],
                await first.Database.SqlQuery<string>($"SELECT writer AS \"Value\" FROM gate_probe ORDER BY rowid").ToListAsync());

            // a transaction disposed without commit or rollback (an exception's way out) does not keep the others waiting
            var undone = await first.Database.BeginTransactionAsync();
            await first.Database.ExecuteSqlAsync($"INSERT INTO gate_probe VALUES ('undone')");
            await undone.DisposeAsync();
            Assert.False(gate.Holds(connection));
            await second.Database.ExecuteSqlAsync($"INSERT INTO gate_probe VALUES ('after')").WaitAsync(TimeSpan.FromSeconds(2));
            Assert.Equal(["first", "second", "third", "after"],
                await first.Database.SqlQuery<string>($"SELECT writer AS \"Value\" FROM gate_probe ORDER BY rowid").ToListAsync());
            await first.Database.ExecuteSqlAsync($"DROP TABLE gate_probe");
        }
        finally
        {
            foreach (var scope in scopes)
                await scope.DisposeAsync();
        }
    }
}
