using System.Text.Json.Nodes;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Definitions;
using static Orchestrator.Workflows.Tests.Flows;

namespace Orchestrator.Workflows.Tests.Definitions;

/// <summary>The settings of the control-flow patterns: timeouts, deferred choice, partial joins, cancel, loops, ForEach.</summary>
public class PatternValidationTests
{
    private static void AssertOnly(WorkflowDefinition definition, string path, string code)
    {
        var error = Assert.Single(Validate(definition));
        Assert.Equal((path, code), (error.Path, error.Code));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static ActivityNode Task(string id, params (string Name, JsonNode? Value)[] extra) =>
        A(id, "HumanTask", [("title", "T"), ("outcomes", List("Done")), .. extra]);

    [Fact]
    public void Every_blocking_activity_but_a_delay_takes_a_timeout_and_has_TimedOut()
    {
        foreach (var d in BuiltIns().Select(a => a.Descriptor))
        {
            var expected = d.Kind == ActivityKind.Blocking && d.Type != "Delay";
            Assert.Equal(expected, d.Inputs.Any(i => i.Name == "timeout"));
            Assert.Equal(expected, d.Outcomes.Contains("TimedOut"));
        }
    }

    [Theory]
    [InlineData("P7D")]
    [InlineData("00:30:00")]
    [InlineData("30m")]
    [InlineData(90)]
    public void A_timeout_that_is_a_duration_is_valid(object timeout)
    {
        var value = timeout is int n ? JsonValue.Create(n) : JsonValue.Create((string)timeout);
        Assert.Empty(Validate(Flow([A("start", "Start"), Task("t", ("timeout", value)), A("late", "End")], "start.Done→t", "t.TimedOut→late")));
    }

    [Theory]
    [InlineData("seven days")]
    [InlineData("-PT1H")]
    public void A_timeout_that_is_no_duration_is_reported_at_the_input(string timeout) =>
        AssertOnly(Flow([A("start", "Start"), Task("t", ("timeout", timeout))], "start.Done→t"), "$.activities[1].inputs.timeout", "timeout-invalid");

    [Fact]
    public void A_timeout_expression_is_checked_for_syntax_only() =>
        Assert.Empty(Validate(Flow([A("start", "Start"), Task("t", ("timeout", Expr("input.days * 86400")))], "start.Done→t")));

    [Fact]
    public void Connecting_TimedOut_of_an_activity_without_a_timeout_is_reported_at_the_connection() =>
        AssertOnly(Flow([A("start", "Start"), Task("t"), A("late", "End")], "start.Done→t", "t.TimedOut→late"), "$.connections[1].outcome", "timeout-missing");

    [Fact]
    public void A_deferred_choice_branch_that_does_not_wait_is_reported() =>
        AssertOnly(Flow([A("start", "Start"), A("choice", "DeferredChoice"), Task("t"), A("log", "Log", ("message", "x"))],
            "start.Done→choice", "choice.Branch→t", "choice.Branch→log"), "$.connections[2].target", "choice-target-not-blocking");

    [Fact]
    public void A_partial_join_without_a_count_is_reported() =>
        AssertOnly(Flow([A("start", "Start"), A("fork", "Fork"), Task("a"), Task("b"), A("join", "Join", ("mode", "WaitN"))],
            "start.Done→fork", "fork.Branch→a", "fork.Branch→b", "a.Done→join", "b.Done→join"), "$.activities[4].inputs.count", "join-count");

    [Fact]
    public void Cancelling_an_activity_the_flow_does_not_have_is_reported_at_its_place_in_the_list() =>
        AssertOnly(Flow([A("start", "Start"), Task("t"), A("cancel", "Cancel", ("activities", List("t", "ghost")))],
            "start.Done→t", "t.Done→cancel"), "$.activities[2].inputs.activities[1]", "cancel-unknown-activity");

    [Fact]
    public void A_loop_through_a_bounded_Loop_needs_no_blocking_activity()
    {
        var flow = Flow([A("start", "Start"), A("loop", "Loop", ("while", Expr("vars.n < 3"))), A("inc", "SetVariable", ("name", "n"), ("value", Expr("(vars.n ?? 0) + 1")))],
            "start.Done→loop", "loop.Body→inc", "inc.Done→loop");
        Assert.Empty(Validate(flow));
    }

    [Fact]
    public void A_for_each_waiting_for_a_count_needs_the_count() =>
        AssertOnly(Flow([A("start", "Start"), A("each", "ForEach", ("items", Expr("input.lines")), ("definitionId", "line"), ("waitFor", "count"))],
            "start.Done→each"), "$.activities[1].inputs.count", "input-required");
}
