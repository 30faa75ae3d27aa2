using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Api.Tests.ServiceFlows;
using Orchestrator.Domain.Contracts;
using Orchestrator.EngineHost.Features.Scheduling;

namespace Orchestrator.Api.Tests.Scheduling;

/// <summary>
/// PM generation through the job's own runner (as the hourly Quartz job calls it) and the admin's API: one request per
/// plan and due date however often it runs, the next due date from the actual completion.
/// </summary>
public abstract class PmGenerationTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);
    private readonly PmSites _sites = new(host, new ServiceDesk(host));
    private PmGeneration Generation => host.Factory.Services.GetRequiredService<PmGeneration>();
    private DateOnly Today => _sites.Today;

    [Fact]
    public async Task Running_the_job_twice_opens_one_maintenance_request_per_due_date_and_starts_its_flow()
    {
        var site = await _sites.SiteAsync();
        var due = await _sites.PlanAsync(site, nextDueDate: Today.AddDays(3), checklist: "Clean the filters\nCheck the refrigerant");
        await _sites.PlanAsync(site, nextDueDate: Today.AddDays(20)); // beyond the default lead time of 7 days

        var first = await Generation.RunNowAsync("manual", site.ContractId, "test", CancellationToken.None);
        Assert.Equal((PmRunStatus.Succeeded, 1, 0, 0), (first.Status, first.Created, first.Existing, first.Failed));
        // the plan due in 20 days is looked at when some plan's lead time reaches that far
        Assert.InRange(first.Total, 1, 2);
        Assert.Equal(first.Total, first.Scanned);
        var second = await Generation.RunNowAsync("manual", site.ContractId, "test", CancellationToken.None);
        Assert.Equal((PmRunStatus.Succeeded, 0, 1, 0), (second.Status, second.Created, second.Existing, second.Failed));

        var requests = await _sites.MaintenanceRequestsAsync(site);
        var request = Assert.Single(requests);
        Assert.Equal("Scheduled", request!["channel"]!.GetValue<string>());
        Assert.Contains($"due {Today.AddDays(3):yyyy-MM-dd} under contract {site.ContractCode}", request["symptom"]!.GetValue<string>());
        Assert.Contains("Clean the filters", request["symptom"]!.GetValue<string>());
        // the flow started as POST /api/requests starts it: the technician gets the visit
        await _desk.VisitAsync(request["id"]!);
        var detail = await _desk.RequestAsync(request["id"]!);
        Assert.Equal("preventive-maintenance", detail["instance"]!["definitionId"]!.GetValue<string>());
        Assert.Equal(Today.AddDays(3).ToString("yyyy-MM-dd"), (await _sites.PlanOfAsync(due))["nextDueDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task Runs_at_the_same_moment_open_each_due_request_once()
    {
        var site = await _sites.SiteAsync();
        var plans = new List<Guid>();
        for (var i = 0; i < 6; i++)
            plans.Add(await _sites.PlanAsync(site, nextDueDate: Today.AddDays(i % 3), product: await _sites.ProductAsync(site)));

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => Generation.RunNowAsync("schedule", site.ContractId, null, CancellationToken.None))));

        Assert.All(runs, r => Assert.Equal((PmRunStatus.Succeeded, 0, 6), (r.Status, r.Failed, r.Created + r.Existing)));
        Assert.Equal(6, runs.Sum(r => r.Created));
        Assert.Equal(6, (await _sites.MaintenanceRequestsAsync(site)).Count);
    }

    [Fact]
    public async Task The_next_due_date_follows_the_actual_completion_and_the_next_run_opens_it()
    {
        var site = await _sites.SiteAsync();
        var firstOfNextMonth = new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);
        var plan = await _sites.PlanAsync(site, nextDueDate: firstOfNextMonth, schedule: "0 8 1 * *", leadDays: 40);
        await Generation.RunNowAsync("manual", site.ContractId, null, CancellationToken.None);
        var request = Assert.Single(await _sites.MaintenanceRequestsAsync(site))!;
        var before = await _sites.PlanOfAsync(plan);

        // the technician does the visit today, ahead of the due date
        var visit = await _desk.VisitAsync(request["id"]!);
        await WorkflowApi.Ensure(await _desk.ReportAsync(visit["id"]!, "Completed", labourFee: 80m));
        await _desk.WaitForStatusAsync(request["id"]!, "Closed");

        // monthly on the 1st, done early by so many days: the schedule slides as far
        var early = firstOfNextMonth.DayNumber - Today.DayNumber;
        var next = firstOfNextMonth.AddMonths(1).AddDays(-early);
        var after = await _sites.PlanOfAsync(plan);
        Assert.Equal((Today.ToString("yyyy-MM-dd"), next.ToString("yyyy-MM-dd"), -early),
            (after["lastCompletedDate"]!.GetValue<string>(), after["nextDueDate"]!.GetValue<string>(), after["scheduleShiftDays"]!.GetValue<int>()));
        Assert.Equal(before["revision"]!.GetValue<int>() + 1, after["revision"]!.GetValue<int>());

        var run = await Generation.RunNowAsync("manual", site.ContractId, null, CancellationToken.None);
        Assert.Equal((1, 0), (run.Created, run.Existing));
        var requests = await _sites.MaintenanceRequestsAsync(site);
        Assert.Equal(2, requests.Count);
        Assert.Contains(requests, r => r!["symptom"]!.GetValue<string>().Contains($"due {next:yyyy-MM-dd}"));
    }

    [Fact]
    public async Task An_admin_starts_a_run_and_follows_its_progress_to_the_counts()
    {
        var site = await _sites.SiteAsync();
        await _sites.PlanAsync(site, nextDueDate: Today.AddDays(1));
        var response = await host.Client.PostAsJsonAsync("/api/pm-runs", new { contractId = site.ContractId });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await WorkflowApi.Ensure(response);
        Assert.Equal($"/api/pm-runs/{queued["id"]}", response.Headers.Location!.OriginalString);

        var run = await FinishedAsync(queued["id"]!.GetValue<Guid>());
        Assert.Equal(("Succeeded", "manual", 100, 1, 1, 0), (run["status"]!.GetValue<string>(), run["trigger"]!.GetValue<string>(),
            run["percent"]!.GetValue<int>(), run["total"]!.GetValue<int>(), run["created"]!.GetValue<int>(), run["failed"]!.GetValue<int>()));
        Assert.Equal("admin", run["createdBy"]!.GetValue<string>());
        var list = await _desk.Records.GetAsync("/api/pm-runs?pageSize=200");
        Assert.Contains(list["items"]!.AsArray(), r => r!["id"]!.GetValue<Guid>() == queued["id"]!.GetValue<Guid>());

        var agent = await host.Factory.CreateClientAsync("Agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/pm-runs", new { })).StatusCode);
    }

    [Fact]
    public async Task A_plan_without_anything_to_maintain_is_counted_failed_with_the_reason()
    {
        var site = await _sites.SiteAsync();
        var contract = await _desk.Records.CreatedAsync("/api/service-contracts", new
        {
            code = WorkflowApi.Unique("K"),
            customerId = site.CustomerId,
            level = "Standard",
            coverage = new[] { "PreventiveMaintenance" },
            startDate = Today.AddDays(-30).ToString("yyyy-MM-dd"),
            endDate = Today.AddYears(1).ToString("yyyy-MM-dd"),
        });
        var plan = DomainApi.Id(await _desk.Records.CreatedAsync("/api/pm-plans",
            new { contractId = DomainApi.Id(contract), schedule = "0 8 * * 1", nextDueDate = Today.ToString("yyyy-MM-dd") }));

        var run = await Generation.RunNowAsync("manual", DomainApi.Id(contract), null, CancellationToken.None);
        Assert.Equal((PmRunStatus.Succeeded, 0, 1), (run.Status, run.Created, run.Failed));
        var error = Assert.Single(run.Errors);
        Assert.Equal(plan, error.PlanId);
        Assert.Contains("no installed product", error.Message);
    }

    [Fact]
    public async Task Bad_plans_and_runs_are_refused_naming_the_field()
    {
        var site = await _sites.SiteAsync();
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { contractId = site.ContractId, schedule = "every monday" }, "schedule"),
                     (new { contractId = site.ContractId, schedule = "0 0 30 2 *" }, "schedule"),
                     (new { contractId = site.ContractId }, "schedule"),
                     (new { contractId = site.ContractId, schedule = "0 8 * * 1", leadDays = 400 }, "leadDays"),
                 })
        {
            var (status, problem) = await _desk.Records.SendAsync(HttpMethod.Post, "/api/pm-plans", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(field, DomainApi.Fields(problem));
        }
        var (runStatus, runProblem) = await _desk.Records.SendAsync(HttpMethod.Post, "/api/pm-runs", new { contractId = Guid.NewGuid() });
        Assert.Equal((HttpStatusCode.BadRequest, "contractId"), (runStatus, DomainApi.Fields(runProblem).Single()));
        Assert.Equal(HttpStatusCode.NotFound, (await _desk.Records.SendAsync(HttpMethod.Get, $"/api/pm-runs/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _desk.Records.SendAsync(HttpMethod.Get, "/api/pm-runs?status=Sleeping")).Status);
    }

    private async Task<JsonObject> FinishedAsync(Guid runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var run = await _desk.Records.GetAsync($"/api/pm-runs/{runId}");
            if (run["status"]!.GetValue<string>() is "Succeeded" or "Failed")
                return run;
            Assert.True(DateTime.UtcNow < deadline, $"PM run {runId} did not finish: {run.ToJsonString()}");
            await Task.Delay(20);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PmGenerationOnSqlite(SqliteHost host) : PmGenerationTests(host);

[Collection(PostgresCollection.Name)]
public sealed class PmGenerationOnPostgres(PostgresHost host) : PmGenerationTests(host);
