using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Features.Sla;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>
/// Cancelling an impact preview: a queued or running one stops and shows as Cancelled, a finished one cannot be cancelled,
/// and a new preview runs afterwards. (Only an Admin may cancel: AuthorizationMatrixTests.)
/// </summary>
public abstract class SlaImpactCancelTests(SlaHost host)
{
    protected SlaHost Host => host;

    private readonly DomainApi _api = new(host.Client);

    protected async Task<string> PolicyWithDraftAsync()
    {
        var policyId = WorkflowApi.Unique("cancel").ToLowerInvariant();
        var (created, body) = await _api.SendAsync(HttpMethod.Post, "/api/sla-policies", new { policyId, name = "Cancel", document = SlaHost.Policy() });
        Assert.True(created == HttpStatusCode.Created, body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{policyId}/publish",
            new { effectiveFrom = SlaHost.EffectiveFrom, comment = "v1" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, $"/api/sla-policies/{policyId}/draft",
            new { document = SlaHost.Policy(highMinutes: 20) })).Status);
        return policyId;
    }

    protected async Task<JsonNode> StartAsync(string policyId)
    {
        var (status, job) = await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{policyId}/impact", new { });
        Assert.True(status == HttpStatusCode.Accepted, job.ToJsonString());
        return job;
    }

    protected async Task<JsonNode> FinishedAsync(JsonNode job)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (job["status"]!.GetValue<string>() is "Queued" or "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, job.ToJsonString());
            await Task.Delay(50);
            job = await _api.GetAsync($"/api/sla-jobs/{job["id"]}");
        }
        return job;
    }

    protected async Task<(HttpStatusCode Status, JsonNode Body)> CancelAsync(object id) =>
        await _api.SendAsync(HttpMethod.Post, $"/api/sla-jobs/{id}/cancel", new { });

    [Fact]
    public async Task A_queued_preview_is_cancelled_a_finished_one_cannot_be_and_a_new_one_runs()
    {
        var policyId = await PolicyWithDraftAsync();
        // a preview waiting for its turn (written as the start endpoint writes it, not handed to the runner yet)
        var queued = new SlaJobRecord
        {
            Kind = "impact-preview",
            Status = SlaJobStatus.Queued,
            Parameters = $$"""{"policyId":"{{policyId}}","closedFrom":"2026-01-01T00:00:00Z","closedTo":"2026-02-01T00:00:00Z"}""",
            CreatedAt = host.Factory.Clock.GetUtcNow(),
            CreatedBy = "tests",
        };
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            db.Add(queued);
            await db.SaveChangesAsync();
        }

        var (status, cancelled) = await CancelAsync(queued.Id);
        Assert.True(status == HttpStatusCode.OK, cancelled.ToJsonString());
        Assert.Equal("Cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Contains("Cancelled by", cancelled["error"]!.GetValue<string>());
        Assert.NotNull(cancelled["finishedAt"]);
        Assert.Equal("Cancelled", (await _api.GetAsync($"/api/sla-jobs/{queued.Id}"))["status"]!.GetValue<string>());
        // the runner, handed the job now (as after a restart), leaves it cancelled
        host.Factory.Services.GetRequiredService<SlaJobRunner>().Enqueue(queued.Id);

        var (again, problem) = await CancelAsync(queued.Id);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("already finished", problem["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await CancelAsync(Guid.NewGuid())).Status);

        var next = await FinishedAsync(await StartAsync(policyId));
        Assert.True(next["status"]!.GetValue<string>() == "Succeeded", next.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, (await CancelAsync(next["id"]!)).Status);
        Assert.Equal("Cancelled", (await _api.GetAsync($"/api/sla-jobs/{queued.Id}"))["status"]!.GetValue<string>());
    }
}

[Collection(SqliteSlaCollection.Name)]
public sealed class SlaImpactCancelOnSqlite(SqliteSlaHost host) : SlaImpactCancelTests(host);

[Collection(PostgresSlaCollection.Name)]
public sealed class SlaImpactCancelOnPostgres(PostgresSlaHost host) : SlaImpactCancelTests(host)
{
    /// <summary>
    /// A running preview held up in the database (the status history locked by another transaction, which only PostgreSQL can
    /// make a reader wait for): cancelling it shows Cancelled at once and the host's query stops waiting; a new preview runs.
    /// </summary>
    [Fact]
    public async Task A_running_preview_stops_when_cancelled()
    {
        var policyId = await PolicyWithDraftAsync();
        await using var blocker = new NpgsqlConnection(Host.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockHistory = new NpgsqlCommand("LOCK TABLE sla_status_changes IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            await lockHistory.ExecuteNonQueryAsync();

        var job = await StartAsync(policyId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await WaitingOnTheLockAsync(blocker, transaction) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the preview never reached the status history");
            await Task.Delay(50);
        }
        var (status, cancelled) = await CancelAsync(job["id"]!);
        Assert.True(status == HttpStatusCode.OK, cancelled.ToJsonString());
        Assert.Equal("Cancelled", cancelled["status"]!.GetValue<string>());

        // promptly: the host's query is cancelled while the lock is still held
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (await WaitingOnTheLockAsync(blocker, transaction) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the cancelled preview kept waiting in the database");
            await Task.Delay(50);
        }
        await transaction.RollbackAsync();

        Assert.Equal("Cancelled", (await FinishedAsync(job))["status"]!.GetValue<string>());
        var next = await FinishedAsync(await StartAsync(policyId));
        Assert.True(next["status"]!.GetValue<string>() == "Succeeded", next.ToJsonString());
    }

    private static async Task<long> WaitingOnTheLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
            connection, transaction);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
