using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>WCP-18 milestone: an activity enabled only while another one waits (the <c>milestone</c> setting).</summary>
public abstract class MilestoneTests(HostFixture host) : PatternTest(host)
{
    private static JsonObject Reschedule(string milestone)
    {
        var inputs = Todo("Reschedule the visit", "Done");
        inputs["milestone"] = milestone;
        return A("reschedule", "HumanTask", inputs);
    }

    /// <summary>start → fork → triage → visit; fork → reschedule (milestone: visit) → rescheduled</summary>
    private static JsonObject RepairWithRescheduling() => Flow(Id("ms-visit"),
        [
            A("start", "Start"), A("fork", "Fork"),
            A("triage", "HumanTask", Todo("Triage", "Done")),
            A("visit", "HumanTask", Todo("Technician visit", "Done")),
            Reschedule("visit"),
            A("rescheduled", "Log", new() { ["message"] = "new date agreed" }),
        ],
        "start.Done→fork", "fork.Branch→triage", "triage.Done→visit", "fork.Branch→reschedule", "reschedule.Done→rescheduled");

    [Fact]
    public async Task WCP18_rescheduling_is_offered_only_while_the_visit_is_scheduled()
    {
        var flow = RepairWithRescheduling();
        var instance = await RunAsync(flow);
        await WaitingAtAsync(instance, "triage", "reschedule");
        await SettleAsync();
        // the path reached "reschedule" before the visit was scheduled: no task yet, it waits for the milestone
        Assert.DoesNotContain(await TasksAsync(instance, "Open"), t => t!["activityId"]!.GetValue<string>() == "reschedule");

        await WorkflowApi.Ensure(await CompleteAsync(instance, "triage"));
        await TaskAsync(instance, "visit");
        await WorkflowApi.Ensure(await CompleteAsync(instance, "reschedule"));
        await UntilAsync(async () => (await TraceAsync(instance)).Contains("rescheduled:Done"), "the rescheduling never went on");
        await WorkflowApi.Ensure(await CompleteAsync(instance, "visit"));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "fork:Branch", "triage:Done", "reschedule:Done", "rescheduled:Done", "visit:Done"], await TraceAsync(instance));
        Assert.Empty(await WithdrawnAsync(instance));
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP18_the_offer_is_withdrawn_in_the_step_that_completes_the_visit()
    {
        var instance = await RunAsync(RepairWithRescheduling());
        await WorkflowApi.Ensure(await CompleteAsync(instance, "triage"));
        var offer = await TaskAsync(instance, "reschedule");

        await WorkflowApi.Ensure(await CompleteAsync(instance, "visit"));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["reschedule"], await WithdrawnAsync(instance));
        Assert.Equal(HttpStatusCode.Conflict, (await Api.CompleteAsync(offer, "Done")).StatusCode);
        Assert.Equal(["start:Done", "fork:Branch", "triage:Done", "visit:Done"], await TraceAsync(instance));
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP18_a_path_that_arrives_after_the_milestone_passed_is_never_enabled()
    {
        // start → fork → visit; fork → call → reschedule (milestone: visit)
        var instance = await RunAsync(Flow(Id("ms-late"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("visit", "HumanTask", Todo("Technician visit", "Done")),
                A("call", "HumanTask", Todo("The customer calls", "Done")),
                Reschedule("visit"),
            ],
            "start.Done→fork", "fork.Branch→visit", "fork.Branch→call", "call.Done→reschedule"));
        await WorkflowApi.Ensure(await CompleteAsync(instance, "visit"));
        await WorkflowApi.Ensure(await CompleteAsync(instance, "call"));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["reschedule"], await WithdrawnAsync(instance));
        Assert.DoesNotContain(await TasksAsync(instance, "Cancelled"), t => t!["activityId"]!.GetValue<string>() == "reschedule");
        Assert.Equal(["start:Done", "fork:Branch", "visit:Done", "call:Done"], await TraceAsync(instance));
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP18_a_milestone_must_name_another_activity_of_the_flow()
    {
        var flow = Flow(Id("ms-bad"), [A("start", "Start"), Reschedule("nowhere")], "start.Done→reschedule");
        var response = await Api.Http.PostAsJsonAsync($"/api/definitions/{flow["definitionId"]}/validate", flow);
        Assert.Contains("milestone-unknown", await response.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MilestoneOnSqlite(SqliteHost host) : MilestoneTests(host);

[Collection(PostgresCollection.Name)]
public sealed class MilestoneOnPostgres(PostgresHost host) : MilestoneTests(host);
