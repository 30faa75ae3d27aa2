using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Sla;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Api.Tests.Domain;

/// <summary>
/// The interceptors detect a context's changes once per SaveChanges (SavingEntries): a unit of work that saves, changes the
/// same request again and saves again must still have each change seen — in the SLA clock's status history (which pauses
/// the clock) and in the audit trail.
/// </summary>
public abstract class SaveChangesInterceptionTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    [Fact]
    public async Task Each_save_of_one_unit_of_work_records_its_own_status_change()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var id = DomainApi.Id(await _api.RequestAsync(customer));

        using (var scope = host.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            var request = await db.Set<ServiceRequest>().SingleAsync(r => r.Id == id);
            request.Status = ServiceRequestStatus.WaitingForParts;
            await db.SaveChangesAsync();
            request.Status = ServiceRequestStatus.InProgress;
            await db.SaveChangesAsync();
            request.Priority = RequestPriority.High;
            await db.SaveChangesAsync();
        }

        using (var scope = host.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            var history = (await db.Set<SlaStatusChangeRecord>().AsNoTracking().Where(h => h.RequestId == id).ToListAsync())
                .OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.Status).ToList();
            Assert.Equal([nameof(ServiceRequestStatus.WaitingForParts), nameof(ServiceRequestStatus.InProgress)], history.Skip(history.Count - 2));
        }

        var trail = await _api.GetAsync($"/api/audit?entity=service-requests&id={id}");
        var fields = trail["items"]!.AsArray().Select(e => string.Join(",", e!["changes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>())))
            .ToList();
        // the last three entries (oldest first): the two status changes, then the priority
        Assert.Contains("status", fields[^3].Split(','));
        Assert.Contains("status", fields[^2].Split(','));
        Assert.Contains("priority", fields[^1].Split(','));
    }

    [Fact]
    public async Task The_first_save_of_a_new_unit_of_work_compares_its_entities_once_for_all_interceptors()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var id = DomainApi.Id(await _api.RequestAsync(customer));
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var passes = 0;
        db.ChangeTracker.DetectingAllChanges += (_, _) => passes++;
        var request = await db.Set<ServiceRequest>().SingleAsync(r => r.Id == id);

        request.Status = ServiceRequestStatus.InProgress;
        await db.SaveChangesAsync();

        // one pass shared by the interceptors that ask (status history, the SLA clock, events, signals…), the audit trail's own (it must
        // see what they set) and EF's own before it writes — not one per interceptor (a pass compares every property
        // of every tracked entity: with a batch of bursts in one save that was 15 % of the engine's CPU)
        Assert.InRange(passes, 1, 3);
        var history = await db.Set<SlaStatusChangeRecord>().AsNoTracking().Where(h => h.RequestId == id).ToListAsync();
        Assert.Contains(history, h => h.Status == nameof(ServiceRequestStatus.InProgress));
    }

    [Fact]
    public async Task A_change_made_after_a_save_is_seen_by_the_next_one()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var id = DomainApi.Id(await _api.RequestAsync(customer));
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var request = await db.Set<ServiceRequest>().SingleAsync(r => r.Id == id);

        request.Status = ServiceRequestStatus.InProgress;
        Assert.True(SavingEntries.Of<ServiceRequest>(db).Single().Property(r => r.Status).IsModified);
        await db.SaveChangesAsync();
        Assert.Equal(EntityState.Unchanged, SavingEntries.Of<ServiceRequest>(db).Single().State);

        request.Priority = RequestPriority.Urgent;
        Assert.True(SavingEntries.Of<ServiceRequest>(db).Single().Property(r => r.Priority).IsModified);
        request.Symptom = "Leaks water as well";
        Assert.True(SavingEntries.Of<ServiceRequest>(db).Single().Property(r => r.Symptom).IsModified);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SaveChangesInterceptionOnSqlite(SqliteHost host) : SaveChangesInterceptionTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SaveChangesInterceptionOnPostgres(PostgresHost host) : SaveChangesInterceptionTests(host);
