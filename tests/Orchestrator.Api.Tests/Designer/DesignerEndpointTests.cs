using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Designer;

public abstract class DesignerEndpointTests(HostFixture host)
{
    private WorkflowApi Api => host.Api;

    private static JsonObject Draft(string id, string note) => Flow(id,
        [A("start", "Start"), A("triage", "HumanTask", Todo("Triage", "Done")), A("close", "SetVariable", new() { ["name"] = "closedBy", ["value"] = note })],
        "start.Done→triage", "triage.Done→close");

    private async Task<JsonObject> TestRunAsync(string id, object? input = null)
    {
        var response = await Api.Http.PostAsJsonAsync($"/api/definitions/{id}/test-run", new { input });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await WorkflowApi.Ensure(response);
    }

    /// <summary>The test run's open task of that activity, from the test-run panel's list (a test run's tasks are in no inbox).</summary>
    private async Task<JsonObject> RunTaskAsync(string id, Guid instance, string? activityId = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var tasks = await Api.Http.GetFromJsonAsync<JsonArray>($"/api/definitions/{id}/test-runs/{instance}/tasks");
            if (tasks!.FirstOrDefault(t => activityId is null || t!["activityId"]!.GetValue<string>() == activityId) is JsonObject task)
                return task;
            if (DateTime.UtcNow > deadline)
            {
                var detail = await Api.InstanceAsync(instance);
                Assert.Fail($"No open task of {activityId}: {detail["instance"]!["status"]} incidents {detail["incidents"]!.ToJsonString()} "
                    + $"trace {string.Join(" ", await Api.TraceAsync(instance))}");
            }
            await Task.Delay(20);
        }
    }

    private async Task CompleteRunTaskAsync(string id, Guid instance, string activityId, string outcome, object? data = null)
    {
        var task = await RunTaskAsync(id, instance, activityId);
        var response = await Api.Http.PostAsJsonAsync($"/api/definitions/{id}/test-runs/{instance}/tasks/{task["id"]}/complete", new { outcome, data });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_test_run_of_the_shipped_repair_flow_works_on_a_sandbox_request_no_list_or_inbox_shows()
    {
        const string flow = "in-warranty-repair";
        var desk = new ServiceFlows.ServiceDesk(host);
        var t = await desk.TerritoryAsync();
        var model = Domain.DomainApi.Id(await desk.Records.ModelAsync(t.ProductLine));
        var today = DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime);
        var serial = (await desk.Records.ProductAsync(t.CustomerId, model, today.AddDays(-60).ToString("yyyy-MM-dd")))["serialNumber"]!.GetValue<string>();

        var run = await TestRunAsync(flow, new { customer = t.CustomerId.ToString(), serialNumber = serial, symptom = "Drips water (trial)" });
        var instance = run["instanceId"]!.GetValue<Guid>();
        var number = run["requestNumber"]!.GetValue<string>();
        Assert.StartsWith("TEST-", number);

        // the visit is a task of the run, not a technician's field task; nobody's inbox has it, not even an admin's
        await RunTaskAsync(flow, instance, "visit");
        Assert.Empty(await Api.TasksAsync(instance));
        Assert.Empty((await Api.Http.GetFromJsonAsync<JsonArray>($"/api/tasks?view=all&instanceId={instance}"))!);
        Assert.Empty((await desk.Records.GetAsync($"/api/service-requests?customerId={t.CustomerId}"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/requests/{number}")).StatusCode);
        Assert.Contains((await Api.Http.GetFromJsonAsync<JsonArray>($"/api/instances/{instance}/log"))!,
            e => e!["message"]?.GetValue<string>()?.StartsWith("No field task", StringComparison.Ordinal) == true);

        await CompleteRunTaskAsync(flow, instance, "visit", "Completed");
        await CompleteRunTaskAsync(flow, instance, "audit", "Approve", new { comment = "fine" });
        Assert.Empty(await Api.TasksAsync(instance, "Completed"));
        var trace = await Api.TraceAsync(instance);
        Assert.Contains("visit:Completed", trace);
        Assert.Contains("close:Done", trace);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/requests/{number}")).StatusCode);
        Assert.Empty((await desk.Records.GetAsync($"/api/service-requests?customerId={t.CustomerId}"))["items"]!.AsArray());

        // a task of the run is completed only through its own test run
        var other = await TestRunAsync(flow, new { customer = t.CustomerId.ToString(), serialNumber = serial });
        var task = await RunTaskAsync(flow, other["instanceId"]!.GetValue<Guid>(), "visit");
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.PostAsJsonAsync(
            $"/api/definitions/{flow}/test-runs/{instance}/tasks/{task["id"]}/complete", new { outcome = "Completed" })).StatusCode);
    }

    [Fact]
    public async Task A_test_run_of_the_return_flow_authorises_receives_repairs_and_ships_under_test_numbers_no_rma_list_shows()
    {
        const string flow = "return";
        var desk = new ServiceFlows.ServiceDesk(host);
        var t = await desk.TerritoryAsync();
        var serial = await SerialAsync(desk, t, soldDaysAgo: 100); // in warranty, past the exchange days: the depot repairs it
        var before = await SequencesAsync();

        var run = await TestRunAsync(flow, new { customer = t.CustomerId.ToString(), serialNumber = serial, symptom = "Grinds (trial)" });
        var instance = run["instanceId"]!.GetValue<Guid>();
        var rma = await OutputAsync(instance, "rma");
        var rmaNumber = rma["rmaNumber"]!.GetValue<string>();
        Assert.StartsWith("TEST-", rmaNumber);
        await WaitLogAsync(instance, $"Waiting for {rmaNumber}");

        // the warehouse's receipt and the carrier's delivery notice are raised as for a real RMA, keyed by the run's numbers
        var received = await WorkflowApi.Ensure(await Api.RaiseAsync("rma.received", rmaNumber, new { carrier = "SF Express", tracking = "SF-TRIAL-1" }));
        Assert.Equal(instance, Assert.Single(received["resumedInstances"]!.AsArray())!.GetValue<Guid>());
        await CompleteRunTaskAsync(flow, instance, "depot", "Repaired", new { diagnosis = "Worn bearing (trial).", labourFee = 80 });
        var tracking = WorkflowApi.Unique("SF");
        await CompleteRunTaskAsync(flow, instance, "ship", "Shipped", new { carrier = "SF Express", tracking, shippingFee = 20 });
        await WaitLogAsync(instance, $"{rmaNumber} shipped with SF Express {tracking}");
        await WorkflowApi.Ensure(await Api.RaiseAsync("rma.delivered", tracking, new { signedBy = "Tester" }));
        await CompleteRunTaskAsync(flow, instance, "audit", "Approve");
        await WaitTraceAsync(instance, "audit:Audited");
        Assert.Equal(["warranty:InWarranty", "rma:Authorised", "receive:Received", "isReturn:False", "isExchange:False", "depot:Repaired",
            "ship:Delivered", "done:Done", "close:Done", "audit:Audited"], (await Api.TraceAsync(instance)).Skip(1));
        Assert.Equal(tracking, (await OutputAsync(instance, "ship"))["tracking"]!.GetValue<string>());

        // no RMA of the run in the RMA list or by its number, no request, and the real RMA and SR numbering moved on by nothing
        Assert.Empty((await desk.Records.GetAsync($"/api/rmas?customerId={t.CustomerId}"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/rmas/{rmaNumber}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/rmas/{rma["rmaId"]}")).StatusCode);
        Assert.Empty((await desk.Records.GetAsync($"/api/service-requests?customerId={t.CustomerId}"))["items"]!.AsArray());
        Assert.Empty(await RecentContactsAsync(serial));
        Assert.Empty((await desk.Records.GetAsync($"/api/audit?entity=Rma&id={rma["rmaId"]}"))["items"]!.AsArray());
        Assert.Equal(before, await SequencesAsync());
    }

    [Fact]
    public async Task A_test_runs_callback_with_a_low_score_opens_a_sandbox_complaint_and_no_callback_or_complaint_list_shows_them()
    {
        var id = WorkflowApi.Unique("callback");
        await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", Flow(id,
            [A("start", "Start"), A("callback", "CallbackSurvey", new() { ["after"] = "PT1H" })], "start.Done→callback")));
        var desk = new ServiceFlows.ServiceDesk(host);
        var t = await desk.TerritoryAsync();
        var serial = await SerialAsync(desk, t, soldDaysAgo: 60);
        var before = await SequencesAsync();

        var run = await TestRunAsync(id, new { customer = t.CustomerId.ToString(), serialNumber = serial });
        var instance = run["instanceId"]!.GetValue<Guid>();
        await Api.WaitForAsync(instance, "Suspended");
        await Api.AdvanceAsync(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await RunTaskAsync(id, instance, "callback");

        // the agent's call is due: no callback in the callback list, the reminders or the intake's last contacts
        Assert.Empty((await desk.Records.GetAsync($"/api/callbacks?customerId={t.CustomerId}"))["items"]!.AsArray());
        Assert.Empty((await desk.Records.GetAsync($"/api/reminders?days=30&kind=callback&customerId={t.CustomerId}"))["items"]!.AsArray());
        Assert.Empty(await RecentContactsAsync(serial));

        await CompleteRunTaskAsync(id, instance, "callback", "Done", new { satisfaction = 1, comments = "Rude (trial)" });
        await Api.WaitForAsync(instance, "Completed");
        var callback = await OutputAsync(instance, "callback");
        Assert.Equal(1, callback["satisfaction"]!.GetValue<int>());
        var complaintNumber = callback["complaintNumber"]!.GetValue<string>();
        Assert.StartsWith("TEST-", complaintNumber);
        Assert.Contains("callback:Dissatisfied", await Api.TraceAsync(instance));

        // the complaint runs its flow as a test run too: its tasks in no inbox, only in the test-run panel
        var complaint = Assert.Single((await Api.Http.GetFromJsonAsync<JsonObject>($"/api/instances?definitionId=complaint&correlationId={complaintNumber}"))!
            ["items"]!.AsArray())!;
        Assert.True(complaint["sandbox"]!.GetValue<bool>());
        var complaintInstance = complaint["id"]!.GetValue<Guid>();
        await RunTaskAsync("complaint", complaintInstance);
        Assert.Empty((await Api.Http.GetFromJsonAsync<JsonArray>($"/api/tasks?view=all&instanceId={complaintInstance}"))!);

        Assert.Empty((await desk.Records.GetAsync($"/api/callbacks?customerId={t.CustomerId}"))["items"]!.AsArray());
        Assert.Empty((await desk.Records.GetAsync($"/api/service-requests?customerId={t.CustomerId}"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/requests/{complaintNumber}")).StatusCode);
        Assert.Empty(await RecentContactsAsync(serial));
        Assert.Empty((await desk.Records.GetAsync($"/api/audit?entity=Callback&id={callback["callbackId"]}"))["items"]!.AsArray());
        Assert.Equal(before, await SequencesAsync());
    }

    [Fact]
    public async Task A_test_runs_acceptance_visit_does_not_start_the_real_products_warranty()
    {
        const string flow = "installation";
        var desk = new ServiceFlows.ServiceDesk(host);
        var t = await desk.TerritoryAsync();
        var serial = await SerialAsync(desk, t, soldDaysAgo: 10); // delivered, not yet installed: no acceptance date
        var product = await desk.Records.GetAsync($"/api/installed-products/{serial}");
        Assert.Null(product["acceptanceDate"]?.GetValue<string>());

        var instance = (await TestRunAsync(flow, new { customer = t.CustomerId.ToString(), serialNumber = serial }))["instanceId"]!.GetValue<Guid>();
        await CompleteRunTaskAsync(flow, instance, "visit", "Completed", new { workDone = "Installed (trial)." });
        await RunTaskAsync(flow, instance, "audit");
        Assert.Contains("visit:Completed", await Api.TraceAsync(instance));
        var after = await desk.Records.GetAsync($"/api/installed-products/{serial}");
        Assert.Null(after["acceptanceDate"]?.GetValue<string>());
        Assert.Equal(product["warrantyEnd"]?.ToJsonString(), after["warrantyEnd"]?.ToJsonString());
        Assert.DoesNotContain((await desk.Records.GetAsync($"/api/audit?entity=InstalledProduct&id={product["id"]}"))["items"]!.AsArray(),
            e => e!["action"]!.GetValue<string>() != "Created");
    }

    /// <summary>A product of the territory's customer sold that many days ago, registered for the test run.</summary>
    private async Task<string> SerialAsync(ServiceFlows.ServiceDesk desk, ServiceFlows.Territory t, int soldDaysAgo)
    {
        var model = Domain.DomainApi.Id(await desk.Records.ModelAsync(t.ProductLine));
        var sold = DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-soldDaysAgo).ToString("yyyy-MM-dd");
        return (await desk.Records.ProductAsync(t.CustomerId, model, sold))["serialNumber"]!.GetValue<string>();
    }

    /// <summary>Every real document number counter (SR-yyyy, RMA-yyyy, …) as it stands.</summary>
    private async Task<Dictionary<string, long>> SequencesAsync()
    {
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        return await db.Set<Orchestrator.Domain.Records.NumberSequence>().AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.Value);
    }

    /// <summary>The last contacts (requests, complaints, callbacks) the intake lookup shows for the product's owner.</summary>
    private async Task<JsonArray> RecentContactsAsync(string serial) =>
        Assert.Single((await Api.Http.GetFromJsonAsync<JsonObject>($"/api/intake/lookup?q={serial}"))!["customers"]!.AsArray())!["recent"]!.AsArray();

    /// <summary>The activity's output, once it has one.</summary>
    private async Task<JsonObject> OutputAsync(Guid instance, string activityId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var detail = await Api.InstanceAsync(instance);
            if (detail["outputs"]?[activityId] is JsonObject output)
                return output;
            Assert.True(DateTime.UtcNow < deadline, $"No output of {activityId}: {detail["instance"]!["status"]} incidents "
                + $"{detail["incidents"]!.ToJsonString()} trace {string.Join(" ", await Api.TraceAsync(instance))}");
            await Task.Delay(20);
        }
    }

    private async Task WaitLogAsync(Guid instance, string message)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await Api.Http.GetFromJsonAsync<JsonArray>($"/api/instances/{instance}/log"))!
                   .Any(e => e!["message"]?.GetValue<string>()?.Contains(message, StringComparison.Ordinal) == true))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No \"{message}\" in the log: {string.Join(" ", await Api.TraceAsync(instance))}");
            await Task.Delay(20);
        }
    }

    private async Task WaitTraceAsync(Guid instance, string step)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await Api.TraceAsync(instance)).Contains(step))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{step} not reached: {string.Join(" ", await Api.TraceAsync(instance))}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_test_run_with_an_unknown_customer_is_refused_and_registers_nobody()
    {
        var refused = await Api.Http.PostAsJsonAsync("/api/definitions/in-warranty-repair/test-run",
            new { input = new { customer = new { name = "Nobody", phone = "13800000000" }, serialNumber = WorkflowApi.Unique("SN") } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_test_runs_email_is_recorded_as_not_sent()
    {
        var id = WorkflowApi.Unique("mail");
        await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", Flow(id,
            [A("start", "Start"), A("mail", "SendEmail", new() { ["to"] = "customer@example.com", ["subject"] = "Hello", ["body"] = "Your repair" })],
            "start.Done→mail")));
        var instance = (await TestRunAsync(id))["instanceId"]!.GetValue<Guid>();
        await Api.WaitForAsync(instance, "Completed");

        var sent = (await Api.Http.GetFromJsonAsync<JsonObject>("/api/outbox?status=NotSent&pageSize=200"))!["items"]!.AsArray()
            .Single(m => m!["instanceId"]?.GetValue<Guid>() == instance)!;
        Assert.Equal("not sent: test run", sent["lastError"]!.GetValue<string>());
        Assert.Null(sent["deliveredAt"]?.GetValue<DateTimeOffset?>());
        Assert.Equal(HttpStatusCode.Conflict, (await Api.Http.PostAsync($"/api/outbox/{sent["id"]}/redeliver", null)).StatusCode);
        Assert.Contains((await Api.Http.GetFromJsonAsync<JsonArray>($"/api/instances/{instance}/log"))!,
            e => e!["message"]?.GetValue<string>()?.Contains("not sent: test run", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_test_run_runs_the_draft_as_it_was_when_started_even_when_it_is_saved_again_meanwhile()
    {
        var id = WorkflowApi.Unique("trial");
        var created = await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", Draft(id, "first draft")));

        var run = await TestRunAsync(id, new { rma = "RMA-1" });
        var instance = run["instanceId"]!.GetValue<Guid>();
        Assert.Equal(1, run["definitionVersion"]!.GetValue<int>());
        var task = await RunTaskAsync(id, instance);
        Assert.Empty(await Api.TasksAsync(instance));

        var save = new HttpRequestMessage(HttpMethod.Put, $"/api/definitions/{id}/draft") { Content = JsonContent.Create(Draft(id, "second draft")) };
        save.Headers.TryAddWithoutValidation("If-Match", $"\"{created["revision"]}\"");
        await WorkflowApi.Ensure(await Api.Http.SendAsync(save));
        await WorkflowApi.Ensure(await Api.CompleteAsync(task["id"]!.GetValue<Guid>(), "Done"));

        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal("first draft", done["variables"]!["closedBy"]!.GetValue<string>());
        Assert.True(done["instance"]!["sandbox"]!.GetValue<bool>());
        Assert.Equal(id, done["instance"]!["definitionId"]!.GetValue<string>());
        Assert.Equal("RMA-1", done["input"]!["rma"]!.GetValue<string>());

        var pinned = await WorkflowApi.Ensure(await Api.Http.GetAsync($"/api/instances/{instance}/definition"));
        Assert.Equal(id, pinned["definitionId"]!.GetValue<string>());
        Assert.Equal("Draft", pinned["status"]!.GetValue<string>());
        Assert.Contains("first draft", pinned["definition"]!.ToJsonString());

        var listed = await Api.Http.GetFromJsonAsync<JsonObject>($"/api/instances?definitionId={id}");
        Assert.Equal(instance, Assert.Single(listed!["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        var flows = await Api.Http.GetFromJsonAsync<JsonArray>("/api/definitions");
        Assert.DoesNotContain(flows!, f => f!["definitionId"]!.GetValue<string>().StartsWith("test-run:", StringComparison.Ordinal));
        Assert.Equal(["Draft"], (await Api.Http.GetFromJsonAsync<JsonArray>($"/api/definitions/{id}/versions"))!
            .Select(v => v!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Test_runs_of_the_same_draft_share_one_frozen_copy()
    {
        var id = WorkflowApi.Unique("trial");
        await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", Draft(id, "same")));
        var first = (await TestRunAsync(id))["instanceId"]!.GetValue<Guid>();
        var second = (await TestRunAsync(id))["instanceId"]!.GetValue<Guid>();
        Assert.NotEqual(first, second);
        var a = await WorkflowApi.Ensure(await Api.Http.GetAsync($"/api/instances/{first}/definition"));
        var b = await WorkflowApi.Ensure(await Api.Http.GetAsync($"/api/instances/{second}/definition"));
        Assert.Equal(a.ToJsonString(), b.ToJsonString());
    }

    [Fact]
    public async Task A_test_run_of_an_invalid_draft_is_refused_with_its_errors()
    {
        var id = WorkflowApi.Unique("trial");
        var flow = Flow(id, [A("start", "Start"), A("check", "Decision", new() { ["condition"] = Expr("input.amount >") })], "start.Done→check");
        await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", flow));
        var refused = await Api.Http.PostAsJsonAsync($"/api/definitions/{id}/test-run", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var body = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(body!["errors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "expression-invalid");
        Assert.Equal(HttpStatusCode.NotFound,
            (await Api.Http.PostAsJsonAsync($"/api/definitions/{WorkflowApi.Unique("none")}/test-run", new { })).StatusCode);
    }

    [Fact]
    public async Task A_published_instance_shows_the_version_it_is_pinned_to()
    {
        var id = WorkflowApi.Unique("pin");
        await Api.PublishAsync(Draft(id, "v1"));
        var instance = await Api.StartAsync(id);
        await Api.PublishAsync(Draft(id, "v2"));
        var pinned = await WorkflowApi.Ensure(await Api.Http.GetAsync($"/api/instances/{instance}/definition"));
        Assert.Equal(1, pinned["version"]!.GetValue<int>());
        Assert.Equal("Retired", pinned["status"]!.GetValue<string>());
        Assert.Contains("v1", pinned["definition"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/instances/{Guid.NewGuid()}/definition")).StatusCode);
    }

    [Fact]
    public async Task An_instance_streams_its_progress_as_server_sent_events_until_it_finishes()
    {
        var id = WorkflowApi.Unique("sse");
        await Api.PublishAsync(Draft(id, "streamed"));
        var instance = await Api.StartAsync(id);
        var task = await Api.WaitForTaskAsync(instance);

        using var response = await Api.Http.GetAsync($"/api/instances/{instance}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await NextEventAsync(reader);
        Assert.Equal("Suspended", first["status"]!.GetValue<string>());

        await WorkflowApi.Ensure(await Api.CompleteAsync(task["id"]!.GetValue<Guid>(), "Done"));
        JsonObject last;
        do last = await NextEventAsync(reader);
        while (last["status"]!.GetValue<string>() != "Completed");
        Assert.True(last["lastSequence"]!.GetValue<int>() > first["lastSequence"]!.GetValue<int>());
        Assert.Equal("", (await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10))).Trim()); // the stream ends with the instance
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/instances/{Guid.NewGuid()}/events")).StatusCode);
    }

    private static async Task<JsonObject> NextEventAsync(StreamReader reader)
    {
        string? eventType = null;
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal)) eventType = line[6..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                Assert.Equal("progress", eventType);
                return JsonNode.Parse(line[5..])!.AsObject();
            }
        }
        throw new InvalidOperationException("The event stream ended.");
    }

    [Theory]
    [InlineData("input.amount > 1000", "Expression", true)]
    [InlineData("input.amount >", "Expression", false)]
    [InlineData("Dear {{ input.name }}", "Template", true)]
    [InlineData("Dear {{ input.name + }}", "Template", false)]
    [InlineData("  ", "Expression", false)]
    public async Task An_expression_or_template_is_checked_while_it_is_typed(string text, string kind, bool valid)
    {
        var check = await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/expressions/check", new { text, kind }));
        Assert.Equal(valid, check["valid"]!.GetValue<bool>());
        Assert.Equal(valid, check["errors"]!.AsArray().Count == 0);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DesignerEndpointsOnSqlite(SqliteHost host) : DesignerEndpointTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DesignerEndpointsOnPostgres(PostgresHost host) : DesignerEndpointTests(host);
