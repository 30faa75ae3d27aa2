using System.Text.Json.Nodes;
using Orchestrator.Workflows.Definitions;
using static Orchestrator.Workflows.Tests.Flows;

namespace Orchestrator.Workflows.Tests.Definitions;

public class ValidationTests
{
    private static void AssertOnly(WorkflowDefinition definition, string path, string code)
    {
        var errors = Validate(definition);
        var error = Assert.Single(errors);
        Assert.Equal((path, code), (error.Path, error.Code));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_valid_flow_has_no_errors() => Assert.Empty(Validate(Valid()));

    [Fact]
    public void An_unknown_activity_type_is_reported_at_its_type()
    {
        var flow = Flow([A("start", "Start"), A("beam", "Teleport"), A("end", "End")], "start.Done→beam", "beam.Done→end");

        AssertOnly(flow, "$.activities[1].type", "unknown-activity-type");
        Assert.Equal("beam", Validate(flow)[0].ActivityId);
    }

    public static TheoryData<JsonNode?> MissingValues => new() { null, JsonValue.Create(""), JsonValue.Create("   ") };

    [Theory]
    [MemberData(nameof(MissingValues))]
    public void A_missing_required_input_is_reported_at_the_input(JsonNode? value)
    {
        var log = value is null ? A("note", "Log") : A("note", "Log", ("message", value));
        var flow = Flow([A("start", "Start"), log, A("end", "End")], "start.Done→note", "note.Done→end");

        AssertOnly(flow, "$.activities[1].inputs.message", "input-required");
    }

    [Fact]
    public void A_required_input_with_a_default_may_be_left_out()
    {
        // HumanTask's outcomes default to ["Done"]: the task then has one button, Done, and that outcome can be connected.
        var flow = Flow([A("start", "Start"), A("call", "HumanTask", ("title", "Call the customer")), A("end", "End")],
            "start.Done→call", "call.Done→end");

        Assert.Empty(Validate(flow));
    }

    [Fact]
    public void An_expression_that_does_not_parse_is_reported_at_its_input()
    {
        var flow = Valid() with
        {
            Activities = [A("start", "Start"), A("check", "Decision", ("condition", Expr("input.amount >"))), .. Valid().Activities.Skip(2)],
        };

        AssertOnly(flow, "$.activities[1].inputs.condition", "expression-invalid");
        Assert.Contains("does not parse", Validate(flow)[0].Message);
    }

    [Theory]
    [InlineData("Total: {{ if input.amount > 0 }} positive")]
    [InlineData("Total: {{ input.amount + }}")]
    [InlineData("{{ end }}")]
    public void A_template_that_does_not_parse_is_reported_at_its_input(string template)
    {
        var flow = Flow([A("start", "Start"), A("note", "Log", ("message", Template(template))), A("end", "End")],
            "start.Done→note", "note.Done→end");

        AssertOnly(flow, "$.activities[1].inputs.message", "expression-invalid");
    }

    [Fact]
    public void An_empty_expression_is_reported_at_its_input()
    {
        var flow = Flow([A("start", "Start"), A("note", "Log", ("message", Template("  "))), A("end", "End")],
            "start.Done→note", "note.Done→end");

        AssertOnly(flow, "$.activities[1].inputs.message", "expression-empty");
    }

    [Fact]
    public void An_expression_where_the_input_takes_only_a_literal_is_reported()
    {
        var flow = Flow([A("start", "Start"), A("join", "Join", ("mode", Expr("'WaitAny'"))), A("end", "End")],
            "start.Done→join", "join.Done→end");

        AssertOnly(flow, "$.activities[1].inputs.mode", "expression-not-allowed");
    }

    [Fact]
    public void A_connection_from_an_unknown_activity_is_reported_at_its_source() =>
        AssertOnly(ValidPlusConnections("ghost.Done→end"), "$.connections[5].source", "connection-unknown-source");

    [Fact]
    public void A_connection_to_an_unknown_activity_is_reported_at_its_target() =>
        AssertOnly(ValidPlusConnections("review.Approve→nowhere"), "$.connections[5].target", "connection-unknown-target");

    [Fact]
    public void A_connection_from_an_outcome_the_activity_does_not_have_is_reported_at_its_outcome()
    {
        var flow = ValidPlusConnections("check.Maybe→end");

        AssertOnly(flow, "$.connections[5].outcome", "connection-unknown-outcome");
        Assert.Contains("True, False", Validate(flow)[0].Message);
    }

    [Fact]
    public void A_task_outcome_that_is_not_in_its_list_is_reported_at_the_connection()
    {
        var flow = ValidPlusConnections("review.Escalate→end");

        AssertOnly(flow, "$.connections[5].outcome", "connection-unknown-outcome");
        Assert.Contains("Approve, Reject", Validate(flow)[0].Message);
    }

    [Fact]
    public void An_activity_that_cannot_be_reached_from_start_is_reported()
    {
        var flow = ValidPlus(A("orphan", "Log", ("message", "never")), "orphan.Done→end");

        AssertOnly(flow, "$.activities[4]", "unreachable");
        Assert.Equal("orphan", Validate(flow)[0].ActivityId);
    }

    [Fact]
    public void A_flow_without_start_is_reported()
    {
        var flow = Flow([A("note", "Log", ("message", "hello")), A("end", "End")], "note.Done→end");

        AssertOnly(flow, "$.activities", "start-missing");
    }

    [Fact]
    public void A_second_start_is_reported_at_that_activity()
    {
        var flow = ValidPlus(A("again", "Start"), "again.Done→check");

        AssertOnly(flow, "$.activities[4]", "start-duplicate");
        Assert.Equal("again", Validate(flow)[0].ActivityId);
    }

    [Fact]
    public void A_required_outcome_left_unconnected_is_reported_at_the_activity()
    {
        var flow = Flow([A("start", "Start"), A("check", "Decision", ("condition", Expr("input.amount > 1000"))), A("end", "End")],
            "start.Done→check", "check.True→end");

        AssertOnly(flow, "$.activities[1]", "outcome-unconnected");
        Assert.Contains("'False'", Validate(flow)[0].Message);
    }

    [Fact]
    public void A_loop_without_a_blocking_activity_is_reported_at_its_first_activity()
    {
        var flow = Flow(
            [
                A("start", "Start"),
                A("count", "SetVariable", ("name", "n"), ("value", Expr("vars.n + 1"))),
                A("again", "Decision", ("condition", Expr("vars.n < 3"))),
                A("end", "End"),
            ],
            "start.Done→count", "count.Done→again", "again.True→count", "again.False→end");

        AssertOnly(flow, "$.activities[1]", "cycle-without-wait");
        Assert.Contains("'count'", Validate(flow)[0].Message);
        Assert.Contains("'again'", Validate(flow)[0].Message);
    }

    [Fact]
    public void An_activity_connected_to_itself_without_waiting_is_a_loop()
    {
        var flow = Flow([A("start", "Start"), A("spin", "Log", ("message", "again")), A("end", "End")],
            "start.Done→spin", "spin.Done→spin", "start.Done→end");

        AssertOnly(flow, "$.activities[1]", "cycle-without-wait");
    }

    [Theory]
    [InlineData("HumanTask")]
    [InlineData("Delay")]
    [InlineData("WaitForEvent")]
    [InlineData("SubWorkflow")]
    [InlineData("HttpRequest")]
    public void A_loop_through_a_blocking_activity_is_accepted(string blockingType)
    {
        ActivityNode wait = blockingType switch
        {
            "HumanTask" => A("wait", "HumanTask", ("title", "Repair it"), ("outcomes", List("Done"))),
            "Delay" => A("wait", "Delay", ("duration", "PT1H")),
            "WaitForEvent" => A("wait", "WaitForEvent", ("event", "part-arrived"), ("correlationKey", Template("{{ input.rma }}"))),
            "SubWorkflow" => A("wait", "SubWorkflow", ("definitionId", "repair-attempt")),
            _ => A("wait", "HttpRequest", ("url", "https://lab.example/test")),
        };
        var outcome = blockingType == "HttpRequest" ? "Success" : "Done";
        var flow = Flow(
            [A("start", "Start"), wait, A("fixed", "Decision", ("condition", Expr("outputs.wait.ok"))), A("end", "End")],
            "start.Done→wait", $"wait.{outcome}→fixed", "fixed.False→wait", "fixed.True→end");

        Assert.Empty(Validate(flow));
    }

    [Fact]
    public void A_duplicate_activity_id_is_reported_at_the_second_one()
    {
        var flow = ValidPlus(A("review", "Log", ("message", "same id")));

        var error = Assert.Single(Validate(flow), e => e.Code == "activity-id-duplicate");
        Assert.Equal("$.activities[4].id", error.Path);
    }

    [Fact]
    public void An_activity_without_an_id_is_reported_at_its_id()
    {
        var flow = ValidPlus(A("", "Log", ("message", "no id")));

        Assert.Contains(Validate(flow), e => e.Path == "$.activities[4].id" && e.Code == "activity-id-required");
    }

    [Theory]
    [InlineData("")]
    [InlineData("in warranty")]
    [InlineData("repair/v2")]
    [InlineData("保修维修")]
    [InlineData("x101")]
    public void A_bad_definition_id_is_reported(string id)
    {
        var definitionId = id == "x101" ? new string('x', 101) : id;

        AssertOnly(Valid() with { DefinitionId = definitionId }, "$.definitionId", "definition-id");
    }

    [Theory]
    [InlineData("in-warranty_repair")]
    [InlineData("RMA2")]
    [InlineData("x100")]
    public void A_definition_id_of_letters_digits_dashes_and_underscores_is_accepted(string id) =>
        Assert.Empty(Validate(Valid() with { DefinitionId = id == "x100" ? new string('x', 100) : id }));

    [Fact]
    public void A_flow_without_a_name_is_reported() =>
        AssertOnly(Valid() with { Name = " " }, "$.name", "name-required");

    [Fact]
    public void Connections_left_behind_by_a_deleted_activity_are_reported_not_a_crash()
    {
        // 'gone' was deleted in the designer; its connections still form a loop, with no blocking activity, through 'check'.
        var flow = ValidPlusConnections("check.True→gone", "gone.Done→check");

        var errors = Validate(flow);

        Assert.Equal(
            [("$.connections[5].target", "connection-unknown-target"), ("$.connections[6].source", "connection-unknown-source")],
            errors.Select(e => (e.Path, e.Code)));
    }

    [Fact]
    public void Every_error_path_points_into_the_definition_json()
    {
        var broken = Flow(
            [
                A("start", "Start"),
                A("check", "Decision", ("condition", Expr("input.amount >"))),
                A("note", "Log"),
                A("note", "Teleport"),
                A("spin", "Log", ("message", "again")),
                A("start2", "Start"),
            ],
            "start.Done→check", "check.True→note", "check.Maybe→ghost", "nobody.Done→note", "spin.Done→spin") with
        { DefinitionId = "not valid" };
        var json = JsonNode.Parse(DefinitionJson.Serialize(broken))!;

        var errors = Validate(broken);

        Assert.True(errors.Count >= 8, string.Join("\n", errors.Select(e => $"{e.Path} {e.Code}")));
        foreach (var error in errors)
            Assert.True(JsonPath.Points(json, error.Path), $"{error.Path} ({error.Code}) does not point into the definition");
    }

    private static WorkflowDefinition ValidPlusConnections(params string[] connections) =>
        Valid() with { Connections = [.. Valid().Connections, .. connections.Select(C)] };
}
