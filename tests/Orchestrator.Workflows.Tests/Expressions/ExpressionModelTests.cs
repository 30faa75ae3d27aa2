using System.Text.Json.Nodes;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Activities.BuiltIn;
using Orchestrator.Workflows.Expressions;
using static Orchestrator.Workflows.Tests.Expressions.Models;

namespace Orchestrator.Workflows.Tests.Expressions;

public class ExpressionModelTests
{
    private readonly ExpressionEngine _engine = new();

    [Fact]
    public void An_expression_reads_input_vars_outputs_and_instance()
    {
        var model = Model(
            input: """{"amount": 1500}""",
            vars: """{"attempts": 1}""",
            outputs: """{"triage": {"cause": "wear"}}""");

        var value = _engine.Evaluate(
            "input.amount > 1000 && vars.attempts < 3 && outputs.triage.cause == 'wear' && instance.definitionId == 'in-warranty-repair'",
            model);

        Assert.True(value!.GetValue<bool>());
    }

    [Fact]
    public void A_missing_value_is_null_and_a_member_of_it_needs_the_null_conditional_operator()
    {
        Assert.Null(_engine.Evaluate("outputs.notYetRun", Model()));
        Assert.Null(_engine.Evaluate("outputs.notYetRun?.answer", Model()));
        Assert.Throws<Scriban.Syntax.ScriptRuntimeException>(() => _engine.Evaluate("outputs.notYetRun.answer", Model()));
    }

    [Fact]
    public void An_expression_gives_json_objects_and_arrays()
    {
        var value = _engine.Evaluate("{ status: 'repaired', parts: [input.part, 'seal'] }", Model(input: """{"part": "pump"}"""));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"status":"repaired","parts":["pump","seal"]}"""), value));
    }

    [Fact]
    public void A_template_renders_chinese_text_as_written()
    {
        var model = Model(input: """{"customer": "张三", "rma": "RMA-2026-001", "amount": 1500}""");

        var text = _engine.Render("客户{{ input.customer }}的报修单 {{ input.rma }} 已受理，金额 {{ input.amount }} 元。", model);

        Assert.Equal("客户张三的报修单 RMA-2026-001 已受理，金额 1500 元。", text);
    }

    [Fact]
    public void An_expression_keeps_chinese_text_and_counts_its_characters()
    {
        var model = Model(input: """{"customer": "张三"}""");

        Assert.Equal("张三先生", _engine.Evaluate("input.customer + '先生'", model)!.GetValue<string>());
        Assert.Equal(2, _engine.Evaluate("input.customer | string.size", model)!.GetValue<int>());
    }

    [Theory]
    [InlineData("{{ 12.5 * 4 }}", "{}", "50")]
    [InlineData("{{ input.price * input.quantity }}", """{"price": 12.5, "quantity": 4}""", "50")]
    [InlineData("{{ input.a + input.b }}", """{"a": 0.1, "b": 0.2}""", "0.3")]
    [InlineData("{{ input.price }}", """{"price": 12.50}""", "12.5")]
    [InlineData("{{ 10 / 4 }}", "{}", "2.5")]
    public void A_template_renders_numbers_without_trailing_zeros(string template, string input, string expected) =>
        Assert.Equal(expected, _engine.Render(template, Model(input: input)));

    [Theory]
    [InlineData("12.5 * 4", "{}", "50")]
    [InlineData("input.price * input.quantity", """{"price": 12.5, "quantity": 4}""", "50")]
    [InlineData("input.a + input.b", """{"a": 0.1, "b": 0.2}""", "0.3")]
    public void An_expression_gives_numbers_without_trailing_zeros(string expression, string input, string expected) =>
        Assert.Equal(expected, _engine.Evaluate(expression, Model(input: input))!.ToJsonString());

    [Fact]
    public void A_whole_number_result_reads_as_any_number_type()
    {
        // Activities read numbers with GetValue<double>(): that must work on a result computed in this
        // burst as it does on the same value stored and read back in a later one.
        var model = Model(input: """{"count": 3, "days": 2}""");

        var count = _engine.Evaluate("input.count", model)!;

        Assert.Equal(3.0, count.GetValue<double>());
        Assert.Equal(3L, count.GetValue<long>());
        Assert.True(Decision.IsTrue(count));
        Assert.Equal(TimeSpan.FromDays(2), Durations.Parse(_engine.Evaluate("input.days * 86400", model)));
    }

    [Fact]
    public void A_parse_error_is_found_by_check_and_refused_by_evaluate()
    {
        Assert.NotEmpty(_engine.Check("input.amount >", isTemplate: false));
        Assert.Empty(_engine.Check("input.amount > 1000", isTemplate: false));
        Assert.NotEmpty(_engine.Check("Hello {{ if input.vip }}", isTemplate: true));
        Assert.Empty(_engine.Check("Hello {{ input.name }}", isTemplate: true));

        var error = Assert.Throws<ExpressionException>(() => _engine.Evaluate("input.amount >", Model()));
        Assert.Contains("does not parse", error.Message);
    }
}
