using System.Text.Json.Nodes;
using Orchestrator.Workflows.Definitions;
using static Orchestrator.Workflows.Tests.Flows;

namespace Orchestrator.Workflows.Tests.Definitions;

/// <summary>A Switch's case conditions are expressions stored as strings inside its <c>cases</c> list.</summary>
public class SwitchValidationTests
{
    private static JsonObject Case(string name, JsonNode? condition)
    {
        var item = new JsonObject { ["name"] = name };
        if (condition is not null) item["condition"] = condition;
        return item;
    }

    private static WorkflowDefinition Routed(JsonNode? urgent, JsonNode? normal, params string[] moreConnections) => Flow(
        [
            A("start", "Start"),
            A("route", "Switch", ("cases", new JsonArray(Case("Urgent", urgent), Case("Normal", normal)))),
            A("fast", "Log", ("message", "urgent")),
            A("slow", "Log", ("message", "normal")),
            A("end", "End"),
        ],
        [
            "start.Done→route", "route.Urgent→fast", "route.Normal→slow", "route.Default→end", "fast.Done→end", "slow.Done→end",
            .. moreConnections,
        ]);

    [Fact]
    public void A_switch_with_conditions_that_parse_is_valid() =>
        Assert.Empty(Validate(Routed("input.priority == 'urgent'", "input.priority == 'normal' && input.amount < 500")));

    [Fact]
    public void A_case_condition_that_does_not_parse_is_reported_at_that_case()
    {
        var errors = Validate(Routed("input.priority == 'urgent'", "input.priority =="));

        var error = Assert.Single(errors);
        Assert.Equal(("$.activities[1].inputs.cases[1].condition", "expression-invalid"), (error.Path, error.Code));
        Assert.Contains("'Normal'", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void An_empty_or_missing_case_condition_is_reported(string? condition)
    {
        var errors = Validate(Routed(condition is null ? null : JsonValue.Create(condition), "true"));

        var error = Assert.Single(errors);
        Assert.Equal(("$.activities[1].inputs.cases[0].condition", "expression-empty"), (error.Path, error.Code));
    }

    [Fact]
    public void A_case_condition_written_as_an_expression_object_is_reported()
    {
        // The Switch evaluates string conditions only; an object would count as true on every run.
        var errors = Validate(Routed(Expr("input.priority == 'urgent'"), "true"));

        var error = Assert.Single(errors);
        Assert.Equal(("$.activities[1].inputs.cases[0].condition", "expression-invalid"), (error.Path, error.Code));
    }

    [Fact]
    public void A_case_condition_may_be_a_boolean_literal() =>
        Assert.Empty(Validate(Routed(JsonValue.Create(false), JsonValue.Create(true))));

    [Fact]
    public void A_connection_from_a_case_the_switch_does_not_have_is_reported()
    {
        var errors = Validate(Routed("true", "true", "route.Low→end"));

        var error = Assert.Single(errors);
        Assert.Equal(("$.connections[6].outcome", "connection-unknown-outcome"), (error.Path, error.Code));
    }
}
