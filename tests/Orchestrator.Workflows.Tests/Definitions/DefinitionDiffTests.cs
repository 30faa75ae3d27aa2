using Orchestrator.Workflows.Definitions;
using static Orchestrator.Workflows.Tests.Flows;

namespace Orchestrator.Workflows.Tests.Definitions;

public class DefinitionDiffTests
{
    private static readonly WorkflowDefinition V1 = Flow(
        [
            A("start", "Start") with { Position = new(0, 0) },
            A("triage", "HumanTask", ("title", "Triage"), ("outcomes", List("Repair", "Reject"))) with { Position = new(200, 0) },
            A("log", "Log", ("message", "repairing")) with { Position = new(400, 0) },
            A("end", "End") with { Position = new(600, 0) },
        ],
        "start.Done→triage", "triage.Repair→log", "log.Done→end", "triage.Reject→end") with
    { Version = 1 };

    private static (string Id, string Change, string Fields)[] Activities(DefinitionDiff diff) =>
        diff.Activities.Select(a => (a.ActivityId, a.Change, string.Join(",", a.Fields))).OrderBy(a => a.ActivityId).ToArray();

    private static (string Connection, string Change)[] Connections(DefinitionDiff diff) =>
        diff.Connections.Select(c => (c.Connection.ToString(), c.Change)).OrderBy(c => c.Item1).ToArray();

    private static WorkflowDefinition Edit(Func<List<ActivityNode>, List<ActivityNode>> activities, params string[] connections) =>
        V1 with
        {
            Version = 2,
            Activities = activities([.. V1.Activities]),
            Connections = connections.Length == 0 ? V1.Connections : connections.Select(C).ToList(),
        };

    private static ActivityNode Node(List<ActivityNode> list, string id) => list.Single(a => a.Id == id);

    [Fact]
    public void The_same_version_has_no_differences()
    {
        var diff = DefinitionDiff.Between(V1, V1 with { Version = 2 });

        Assert.True(diff.IsEmpty);
        Assert.Equal((1, 2), (diff.From, diff.To));
    }

    [Fact]
    public void An_added_activity_and_its_connections_are_listed_as_added()
    {
        var v2 = Edit(list => [.. list, A("notify", "SendEmail", ("to", "a@b.c"), ("subject", "s"), ("body", "b"))],
            "start.Done→triage", "triage.Repair→log", "log.Done→notify", "notify.Done→end", "triage.Reject→end");

        var diff = DefinitionDiff.Between(V1, v2);

        Assert.Equal([("notify", "added", "")], Activities(diff));
        Assert.Equal([("log.Done → end", "removed"), ("log.Done → notify", "added"), ("notify.Done → end", "added")], Connections(diff));
    }

    [Fact]
    public void A_removed_activity_and_its_connections_are_listed_as_removed()
    {
        var v2 = Edit(list => list.Where(a => a.Id != "log").ToList(), "start.Done→triage", "triage.Repair→end", "triage.Reject→end");

        var diff = DefinitionDiff.Between(V1, v2);

        Assert.Equal([("log", "removed", "")], Activities(diff));
        Assert.Equal(
            [("log.Done → end", "removed"), ("triage.Repair → end", "added"), ("triage.Repair → log", "removed")],
            Connections(diff));
    }

    [Fact]
    public void A_changed_input_lists_the_activity_as_changed_with_the_input()
    {
        var v2 = Edit(list => list.Select(a => a.Id == "triage"
            ? a with { Inputs = new(a.Inputs) { ["title"] = Template("Triage {{ input.rma }}"), ["outcomes"] = List("Repair", "Reject", "Escalate") } }
            : a).ToList());

        var diff = DefinitionDiff.Between(V1, v2);

        Assert.Equal([("triage", "changed", "inputs.outcomes,inputs.title")], Activities(diff));
        Assert.Empty(diff.Connections);
    }

    [Fact]
    public void A_changed_type_or_display_name_lists_the_activity_as_changed()
    {
        var v2 = Edit(list => list.Select(a => a.Id == "log" ? a with { Type = "SetVariable", DisplayName = "Mark repairing" } : a).ToList());

        Assert.Equal([("log", "changed", "type,displayName")], Activities(DefinitionDiff.Between(V1, v2)));
    }

    [Fact]
    public void An_activity_only_moved_on_the_canvas_is_listed_as_moved()
    {
        var v2 = Edit(list => list.Select(a => a.Id == "end" ? a with { Position = new(650, 120) } : a).ToList());

        Assert.Equal([("end", "moved", "position")], Activities(DefinitionDiff.Between(V1, v2)));
    }

    [Fact]
    public void An_activity_moved_and_changed_is_listed_as_changed()
    {
        var v2 = Edit(list => list.Select(a => a.Id == "log"
            ? a with { Position = new(400, 80), Inputs = new() { ["message"] = "repair started" } }
            : a).ToList());

        Assert.Equal([("log", "changed", "inputs.message,position")], Activities(DefinitionDiff.Between(V1, v2)));
    }

    [Fact]
    public void A_connection_led_elsewhere_is_one_removed_and_one_added()
    {
        var v2 = Edit(list => list, "start.Done→triage", "triage.Repair→log", "log.Done→end", "triage.Reject→log");

        var diff = DefinitionDiff.Between(V1, v2);

        Assert.Empty(diff.Activities);
        Assert.Equal([("triage.Reject → end", "removed"), ("triage.Reject → log", "added")], Connections(diff));
    }
}
