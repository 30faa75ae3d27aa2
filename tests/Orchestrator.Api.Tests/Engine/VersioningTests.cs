using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Engine;

public abstract class VersioningTests(HostFixture host)
{
    private WorkflowApi Api => host.Api;

    private static JsonObject Repair(string id, string note) => Flow(id,
        [A("start", "Start"), A("triage", "HumanTask", Flows.Todo("Triage", "Done")), A("close", "SetVariable", new() { ["name"] = "closedBy", ["value"] = note })],
        "start.Done→triage", "triage.Done→close");

    [Fact]
    public async Task Running_instances_stay_on_their_version_when_a_new_one_is_published()
    {
        var id = WorkflowApi.Unique("ver");
        Assert.Equal(1, await Api.PublishAsync(Repair(id, "v1")));
        var old = await Api.StartAsync(id);
        var oldTask = await Api.WaitForTaskAsync(old);

        Assert.Equal(2, await Api.PublishAsync(Repair(id, "v2"), "close differently"));
        var fresh = await Api.StartAsync(id);
        var freshTask = await Api.WaitForTaskAsync(fresh);

        await WorkflowApi.Ensure(await Api.CompleteAsync(oldTask["id"]!.GetValue<Guid>(), "Done"));
        await WorkflowApi.Ensure(await Api.CompleteAsync(freshTask["id"]!.GetValue<Guid>(), "Done"));
        var oldDone = await Api.WaitForAsync(old, "Completed");
        var freshDone = await Api.WaitForAsync(fresh, "Completed");
        Assert.Equal(1, oldDone["instance"]!["definitionVersion"]!.GetValue<int>());
        Assert.Equal("v1", oldDone["variables"]!["closedBy"]!.GetValue<string>());
        Assert.Equal(2, freshDone["instance"]!["definitionVersion"]!.GetValue<int>());
        Assert.Equal("v2", freshDone["variables"]!["closedBy"]!.GetValue<string>());

        var versions = await Api.Http.GetFromJsonAsync<JsonArray>($"/api/definitions/{id}/versions");
        Assert.Equal(["Published", "Retired"], versions!.Select(v => v!["status"]!.GetValue<string>()));
        Assert.Equal("close differently", versions![0]!["comment"]!.GetValue<string>());
        var diff = await Api.Http.GetFromJsonAsync<JsonObject>($"/api/definitions/{id}/diff?from=1&to=2");
        var change = Assert.Single(diff!["activities"]!.AsArray());
        Assert.Equal("close", change!["activityId"]!.GetValue<string>());
        Assert.Equal("changed", change["change"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_published_version_never_changes_and_an_old_one_can_be_restored_as_the_draft()
    {
        var id = WorkflowApi.Unique("restore");
        await Api.PublishAsync(Repair(id, "v1"));
        await Api.PublishAsync(Repair(id, "v2"));
        var v1 = await Api.Http.GetFromJsonAsync<JsonObject>($"/api/definitions/{id}/versions/1");
        var restored = await WorkflowApi.Ensure(await Api.Http.PostAsync($"/api/definitions/{id}/versions/1/restore", null));
        Assert.Equal("Draft", restored["status"]!.GetValue<string>());
        Assert.Equal(3, restored["version"]!.GetValue<int>());
        Assert.Equal(v1!["contentHash"]!.GetValue<string>(), restored["contentHash"]!.GetValue<string>());
        Assert.Equal(3, await Api.PublishAsync(restored["definition"]!.AsObject()));
        var again = await Api.Http.GetFromJsonAsync<JsonObject>($"/api/definitions/{id}/versions/1");
        Assert.Equal(v1.ToJsonString(), again!.ToJsonString());
    }

    [Fact]
    public async Task Saving_a_draft_someone_else_saved_meanwhile_is_a_conflict()
    {
        var id = WorkflowApi.Unique("draft");
        var created = await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", Repair(id, "a")));
        var revision = created["revision"]!.GetValue<int>();
        var first = new HttpRequestMessage(HttpMethod.Put, $"/api/definitions/{id}/draft") { Content = JsonContent.Create(Repair(id, "b")) };
        first.Headers.TryAddWithoutValidation("If-Match", $"\"{revision}\"");
        await WorkflowApi.Ensure(await Api.Http.SendAsync(first));
        var second = new HttpRequestMessage(HttpMethod.Put, $"/api/definitions/{id}/draft") { Content = JsonContent.Create(Repair(id, "c")) };
        second.Headers.TryAddWithoutValidation("If-Match", $"\"{revision}\"");
        var conflict = await Api.Http.SendAsync(second);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("someone else", await conflict.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Publishing_an_invalid_flow_is_refused_with_each_problem()
    {
        var id = WorkflowApi.Unique("bad");
        var flow = Flow(id, [A("start", "Start"), A("d", "Decision", new() { ["condition"] = Expr("input.x >") })], "start.Done→d", "d.True→nowhere");
        var saved = await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", flow));
        // the draft is saved (work in progress) and says what publishing would refuse
        Assert.Contains(saved["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "$.activities[1].inputs.condition");
        var publish = await Api.Http.PostAsJsonAsync($"/api/definitions/{id}/publish", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, publish.StatusCode);
        var problem = await publish.Content.ReadFromJsonAsync<JsonObject>();
        var codes = problem!["errors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()).ToList();
        Assert.Contains("expression-invalid", codes);
        Assert.Contains("connection-unknown-target", codes);
        Assert.Contains("outcome-unconnected", codes);
        var start = await Api.Http.PostAsJsonAsync("/api/instances", new { definitionId = id });
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
    }

    [Fact]
    public async Task A_waiting_instance_moves_to_a_new_version_with_a_mapping_and_is_refused_without_one()
    {
        var id = WorkflowApi.Unique("mig");
        await Api.PublishAsync(Repair(id, "v1"));
        var instance = await Api.StartAsync(id);
        var task = await Api.WaitForTaskAsync(instance);
        // v2 renames the waiting task 'triage' to 'diagnose' and changes what follows
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("diagnose", "HumanTask", Flows.Todo("Diagnose", "Done")), A("close", "SetVariable", new() { ["name"] = "closedBy", ["value"] = "v2" })],
            "start.Done→diagnose", "diagnose.Done→close"));

        var refused = await Api.Http.PostAsJsonAsync($"/api/instances/{instance}/migrate", new { targetVersion = 2 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("triage", await refused.Content.ReadAsStringAsync());

        var dry = await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync($"/api/instances/{instance}/migrate",
            new { targetVersion = 2, mapping = new Dictionary<string, string> { ["triage"] = "diagnose" }, dryRun = true }));
        Assert.False(dry["applied"]!.GetValue<bool>());
        Assert.Equal(1, (await Api.InstanceAsync(instance))["instance"]!["definitionVersion"]!.GetValue<int>());

        var moved = await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync($"/api/instances/{instance}/migrate",
            new { targetVersion = 2, mapping = new Dictionary<string, string> { ["triage"] = "diagnose" } }));
        Assert.True(moved["applied"]!.GetValue<bool>());
        await WorkflowApi.Ensure(await Api.CompleteAsync(task["id"]!.GetValue<Guid>(), "Done"));
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(2, done["instance"]!["definitionVersion"]!.GetValue<int>());
        Assert.Equal("v2", done["variables"]!["closedBy"]!.GetValue<string>());
        Assert.Contains(("(instance)", "Migrated"), await Api.EventsAsync(instance));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class VersioningOnSqlite(SqliteHost host) : VersioningTests(host);

[Collection(PostgresCollection.Name)]
public sealed class VersioningOnPostgres(PostgresHost host) : VersioningTests(host);
