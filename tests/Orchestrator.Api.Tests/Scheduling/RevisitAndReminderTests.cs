using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Api.Tests.ServiceFlows;
using Orchestrator.EngineHost.Features.Scheduling;

namespace Orchestrator.Api.Tests.Scheduling;

/// <summary>The revisit sweep (run as its Quartz job runs it) and <c>GET /api/reminders</c>.</summary>
public abstract class RevisitAndReminderTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);
    private readonly PmSites _sites = new(host, new ServiceDesk(host));
    private RevisitSweep Sweep => host.Factory.Services.GetRequiredService<RevisitSweep>();

    [Fact]
    public async Task The_sweep_starts_one_callback_for_a_request_closed_without_one_and_a_second_sweep_none()
    {
        var t = await _desk.TerritoryAsync();
        var (id, number) = await ClosedWithoutCallbackAsync(t);
        // not before the callback is due (3 days after closure)
        await Sweep.RunAsync(CancellationToken.None, t.CustomerId);
        Assert.Empty(await CallbacksAsync(id));

        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var first = await Sweep.RunAsync(CancellationToken.None, t.CustomerId);
        Assert.Equal(new RevisitSweepResult(1, 0, 0), first);
        var callback = await CallbackAsync(id);
        Assert.Equal(("InProgress", $"Satisfaction callback after {number}"), (callback["status"]!.GetValue<string>(), callback["purpose"]!.GetValue<string>()));

        var second = await Sweep.RunAsync(CancellationToken.None, t.CustomerId);
        Assert.Equal(new RevisitSweepResult(0, 0, 0), second);
        Assert.Single(await CallbacksAsync(id));

        // the revisit's survey is a CallbackSurvey on this request: a low score opens a complaint linked to it
        await WorkflowApi.Ensure(await _desk.Flows.CompleteAsync(callback["id"]!.GetValue<Guid>(), "Done",
            new { satisfaction = 1, comments = "Nobody told me why it was refused." }));
        var done = await CallbackAsync(id, "Done");
        Assert.Equal(("Done", 1), (done["status"]!.GetValue<string>(), done["satisfaction"]!.GetValue<int>()));
        var complaints = await _desk.Records.GetAsync($"/api/service-requests?customerId={done["customerId"]}&type=Complaint");
        Assert.Contains(complaints["items"]!.AsArray(), c => c!["relatedRequestId"]?.GetValue<Guid>() == id);
        Assert.Equal(new RevisitSweepResult(0, 0, 0), await Sweep.RunAsync(CancellationToken.None, t.CustomerId));
    }

    [Fact]
    public async Task Reminders_list_the_visits_and_callbacks_due_within_the_days_asked_and_not_later_ones()
    {
        var site = await _sites.SiteAsync();
        var soon = await _sites.PlanAsync(site, nextDueDate: _sites.Today.AddDays(3));
        var later = await _sites.PlanAsync(site, nextDueDate: _sites.Today.AddDays(20));
        var (closed, _) = await ClosedWithoutCallbackAsync(site.Territory);
        var installed = await AuditedInstallationAsync(site.Territory);

        var week = await RemindersAsync(site.CustomerId, 7);
        Assert.Contains(week, r => r.Kind == "pm" && r.PlanId == soon && r.DueDate == _sites.Today.AddDays(3) && !r.Overdue);
        Assert.DoesNotContain(week, r => r.PlanId == later);
        Assert.Contains(week, r => r is { Kind: "callback", Source: "sweep" } && r.RequestId == closed);
        Assert.Contains(week, r => r is { Kind: "callback", Source: "flow" } && r.RequestId == installed);
        Assert.Equal(week.OrderBy(r => r.DueDate).Select(r => r.DueDate), week.Select(r => r.DueDate));

        var twoDays = await RemindersAsync(site.CustomerId, 2);
        Assert.DoesNotContain(twoDays, r => r.PlanId == soon);
        Assert.DoesNotContain(twoDays, r => r.Kind == "callback");

        var month = await RemindersAsync(site.CustomerId, 30, "pm");
        Assert.Equal([soon, later], month.Select(r => r.PlanId!.Value).ToArray());
    }

    [Theory]
    [InlineData("days=0", "days")]
    [InlineData("days=366", "days")]
    [InlineData("days=a%20week", "days")]
    [InlineData("days=-3", "days")]
    [InlineData("kind=visits", "kind")]
    [InlineData("customerId=42", "customerId")]
    [InlineData("pageSize=1000", "pageSize")]
    public async Task Bad_reminder_queries_are_refused_naming_the_parameter(string query, string field)
    {
        var (status, problem) = await _desk.Records.SendAsync(HttpMethod.Get, $"/api/reminders?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([field], DomainApi.Fields(problem));
        Assert.Equal("application/problem+json", (await host.Client.GetAsync($"/api/reminders?{query}")).Content.Headers.ContentType!.MediaType);
    }

    private async Task<List<ReminderView>> RemindersAsync(Guid customerId, int days, string? kind = null)
    {
        var page = await host.Client.GetFromJsonAsync<ReminderPage>(
            $"/api/reminders?days={days}&customerId={customerId}&pageSize=200{(kind is null ? "" : "&kind=" + kind)}",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
            {
                Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
            });
        Assert.Equal(days, page!.Days);
        return page.Items.ToList();
    }

    /// <summary>A repair the warranty does not cover: its flow tells the customer, closes it and ends, with no callback.</summary>
    private async Task<(Guid Id, string Number)> ClosedWithoutCallbackAsync(Territory? territory = null)
    {
        var t = territory ?? await _desk.TerritoryAsync();
        var model = DomainApi.Id(await _desk.Records.GetAsync($"/api/product-models/{t.ModelCode}"));
        var saleDate = DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-800).ToString("yyyy-MM-dd");
        var product = await _desk.Records.ProductAsync(t.CustomerId, model, saleDate);
        var opened = await _desk.OpenAsync(new
        {
            type = "inWarrantyRepair",
            customer = new { id = t.CustomerId },
            serialNumber = product["serialNumber"]!.GetValue<string>(),
            symptom = "Does not cool.",
        });
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        await _desk.CompleteAsync(instanceId, "notCovered", "Informed");
        await _desk.WaitForStatusAsync(id, "Closed");
        await _desk.Flows.WaitForAsync(instanceId, "Completed");
        return (id, opened["number"]!.GetValue<string>());
    }

    /// <summary>An installation done and audited: its flow's callback is due in three days.</summary>
    private async Task<Guid> AuditedInstallationAsync(Territory t)
    {
        var opened = await _desk.OpenForAsync(t, "installation");
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        await WorkflowApi.Ensure(await _desk.ReportAsync((await _desk.VisitAsync(id))["id"]!, "Completed"));
        await _desk.CompleteAsync(instanceId, "audit", "Approve");
        await _desk.WaitAsync(id, r => r["audited"]!.GetValue<bool>());
        await _desk.Flows.WaitForAsync(instanceId, "Suspended");
        return id;
    }

    private async Task<JsonArray> CallbacksAsync(Guid requestId) =>
        (await _desk.Records.GetAsync($"/api/callbacks?serviceRequestId={requestId}"))["items"]!.AsArray();

    /// <summary>Waits for the request's one callback (the revisit flow opens it as soon as it runs) to have that status.</summary>
    private async Task<JsonObject> CallbackAsync(Guid requestId, string status = "InProgress")
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if ((await CallbacksAsync(requestId)).SingleOrDefault() is JsonObject callback && callback["status"]!.GetValue<string>() == status)
                return callback;
            Assert.True(DateTime.UtcNow < deadline, $"No {status} callback for {requestId}");
            await _desk.Flows.AdvanceAsync(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RevisitAndReminderOnSqlite(SqliteHost host) : RevisitAndReminderTests(host);

[Collection(PostgresCollection.Name)]
public sealed class RevisitAndReminderOnPostgres(PostgresHost host) : RevisitAndReminderTests(host);
