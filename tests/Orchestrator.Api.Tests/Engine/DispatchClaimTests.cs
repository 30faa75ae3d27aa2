using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Api.Tests.Engine;

/// <summary>
/// Which pending dispatches a worker's claim gets (<see cref="DispatchClaimer"/>), on a database of its own where no
/// dispatcher runs, so the test alone decides what is pending, leased or locked.
/// </summary>
public abstract class DispatchClaimTests(string provider) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private TestDatabase _database = null!;
    private OrchestratorFactory _factory = null!;

    protected TestDatabase Database => _database;

    public Task InitializeAsync()
    {
        _database = TestDatabase.Create(provider);
        _factory = new OrchestratorFactory(_database, new Dictionary<string, string?> { ["Workflows:RunDispatcher"] = "false" });
        _ = _factory.Services; // starts the host: the database is migrated
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_dispatch_is_not_claimed_while_an_earlier_one_of_its_instance_is_pending()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var a1 = await AddAsync(a, leasedUntil: DateTimeOffset.UtcNow + Lease); // another worker runs it now
        var a2 = await AddAsync(a);
        var b1 = await AddAsync(b);

        Assert.Equal([b1], await ClaimAsync());

        await FinishAsync(a1, DispatchStatus.Done);
        Assert.Equal([a2], await ClaimAsync());
    }

    [Fact]
    public async Task A_dead_dispatch_does_not_hold_back_the_ones_after_it()
    {
        var a = Guid.NewGuid();
        var a1 = await AddAsync(a);
        var a2 = await AddAsync(a);
        Assert.Equal([a1], await ClaimAsync());

        await FinishAsync(a1, DispatchStatus.Dead);
        Assert.Equal([a2], await ClaimAsync());
    }

    protected async Task<long> AddAsync(Guid instanceId, DateTimeOffset? leasedUntil = null)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var now = DateTimeOffset.UtcNow;
        var dispatch = new DispatchRecord
        {
            Kind = DispatchKind.Resume,
            InstanceId = instanceId,
            Status = DispatchStatus.Pending,
            NotBefore = now - TimeSpan.FromSeconds(1),
            CreatedAt = now,
            LeaseOwner = leasedUntil is null ? null : "other#0",
            LeaseUntil = leasedUntil,
        };
        db.Add(dispatch);
        await db.SaveChangesAsync();
        return dispatch.Id;
    }

    protected async Task<List<long>> ClaimAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        return await DispatchClaimer.ClaimAsync(db, "test#0", DateTimeOffset.UtcNow, Lease, 10, CancellationToken.None);
    }

    private async Task FinishAsync(long id, DispatchStatus status)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        await db.Set<DispatchRecord>().Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status).SetProperty(d => d.LeaseOwner, (string?)null).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null));
    }
}

public sealed class DispatchClaimOnSqlite() : DispatchClaimTests("Sqlite");

public sealed class DispatchClaimOnPostgres() : DispatchClaimTests("PostgreSql")
{
    [Fact]
    public async Task A_dispatch_is_not_claimed_while_another_claim_holds_an_earlier_one_of_its_instance_locked()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var a1 = await AddAsync(a);
        await AddAsync(a);
        var b1 = await AddAsync(b);

        // another worker's claim statement is between its SKIP LOCKED read of a1 and its commit
        await using var other = new NpgsqlConnection(Database.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var lockA1 = new NpgsqlCommand("SELECT id FROM workflow_dispatches WHERE id = @id FOR UPDATE", other, transaction))
        {
            lockA1.Parameters.AddWithValue("id", a1);
            await lockA1.ExecuteNonQueryAsync();
        }

        Assert.Equal([b1], await ClaimAsync()); // a1 is skipped (locked), and a2 waits behind it
        await transaction.RollbackAsync();
        Assert.Equal([a1], await ClaimAsync());
    }
}
