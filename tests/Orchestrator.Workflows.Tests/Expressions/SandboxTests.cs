using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.Workflows.Expressions;
using Scriban.Syntax;
using static Orchestrator.Workflows.Tests.Expressions.Models;

namespace Orchestrator.Workflows.Tests.Expressions;

/// <summary>Expressions reach their model and nothing else: no .NET member, no file, bounded loops, recursion and time.</summary>
public class SandboxTests
{
    private readonly ExpressionEngine _engine = new();

    /// <summary>A .NET object a host could put in the model by mistake (the model should be JSON-like data).</summary>
    private sealed record CustomerEntity(string Name, string PasswordHash);

    private static Scriban.Runtime.ScriptObject ModelWithEntity()
    {
        var model = Model(input: """{"amount": 1500, "name": "Ada", "items": [1, 2, 3]}""");
        model["customer"] = new CustomerEntity("Ada", "s3cret-hash");
        return model;
    }

    /// <summary>Either nothing (null) or an expression error: never a value taken from outside the model.</summary>
    private JsonNode? NothingOrError(string expression)
    {
        try
        {
            return _engine.Evaluate(expression, ModelWithEntity());
        }
        catch (Exception e) when (e is ScriptRuntimeException or ExpressionException)
        {
            return null;
        }
    }

    [Theory]
    [InlineData("input.GetType")]
    [InlineData("input.GetType()")]
    [InlineData("input.GetType().Assembly")]
    [InlineData("input.amount.GetType")]
    [InlineData("input.name.Length")]
    [InlineData("input.items.Count")]
    [InlineData("input.items.GetEnumerator")]
    [InlineData("date.now.Year")]
    [InlineData("date.now.year")]
    [InlineData("date.now.Ticks")]
    [InlineData("(timespan.from_days 1).TotalHours")]
    [InlineData("this.GetType")]
    [InlineData("customer.Name")]
    [InlineData("customer.name")]
    [InlineData("customer.PasswordHash")]
    [InlineData("customer.password_hash")]
    public void A_dotnet_member_is_unreachable(string expression) =>
        Assert.Null(NothingOrError(expression));

    [Theory]
    [InlineData("customer")]
    [InlineData("'' + customer")]
    [InlineData("string.upcase customer")]
    [InlineData("[customer]")]
    [InlineData("{ c: customer }")]
    [InlineData("object.eval 'customer.PasswordHash'")]
    public void A_dotnet_object_in_the_model_never_turns_into_its_members(string expression)
    {
        var value = NothingOrError(expression)?.ToJsonString() ?? "";

        Assert.DoesNotContain("s3cret", value);
        Assert.DoesNotContain(nameof(CustomerEntity), value);
    }

    [Fact]
    public void A_template_renders_nothing_of_a_dotnet_object_or_member()
    {
        var text = _engine.Render(
            "[{{ customer }}|{{ [customer] }}|{{ customer.PasswordHash }}|{{ input.GetType }}|{{ date.now.Year }}|{{ input.name.Length }}]",
            ModelWithEntity());

        Assert.Equal("[|[]||||]", text);
    }

    [Fact]
    public void A_builtin_function_is_not_turned_into_its_dotnet_type_name()
    {
        var value = _engine.Evaluate("date", Model())!.ToJsonString();

        Assert.DoesNotContain("Scriban", value);
        Assert.DoesNotContain("System.", value);
    }

    [Theory]
    [InlineData("include 'secrets.txt'")]
    [InlineData("include '/etc/passwd'")]
    public void Include_is_refused_in_expressions(string expression)
    {
        var error = Assert.Throws<ScriptRuntimeException>(() => _engine.Evaluate(expression, Model()));
        Assert.Contains("include", error.Message);
    }

    [Fact]
    public void Include_is_refused_in_templates() =>
        Assert.Throws<ScriptRuntimeException>(() => _engine.Render("Terms: {{ include 'terms.html' }}", Model()));

    [Fact]
    public void Importing_a_dotnet_object_is_refused() =>
        Assert.Throws<ScriptRuntimeException>(() => _engine.Evaluate("import customer; password_hash", ModelWithEntity()));

    [Theory]
    [InlineData("for i in 1..20000; end")]
    [InlineData("while true; end")]
    [InlineData("n = 0; for i in 1..9000; for j in 1..9000; n = n + 1; end; end; n")]
    public void A_loop_beyond_the_loop_limit_stops_with_an_error(string expression)
    {
        var error = Assert.Throws<ScriptRuntimeException>(() => _engine.Evaluate(expression, Model()));
        Assert.Contains($"{ExpressionEngine.LoopLimit}", error.Message);
    }

    [Fact]
    public void A_loop_within_the_limit_runs() =>
        Assert.Equal(5050, _engine.Evaluate("n = 0; for i in 1..100; n = n + i; end; n", Model())!.GetValue<int>());

    [Fact]
    public void Deep_recursion_stops_with_an_error()
    {
        var error = Assert.Throws<ScriptRuntimeException>(() =>
            _engine.Evaluate("func f(n); ret f(n + 1); end; f(1)", Model()));
        Assert.Contains($"recursive depth limit `{ExpressionEngine.RecursiveLimit}`", error.Message);
    }

    [Fact]
    public void Recursion_within_the_limit_runs() =>
        Assert.Equal("done", _engine.Evaluate(
            "func down(n); if n == 0; ret 'done'; end; ret down(n - 1); end; down(40)", Model())!.GetValue<string>());

    [Fact]
    public void A_script_running_past_the_time_limit_is_aborted()
    {
        // Exponential recursion: shallow (depth 30) and loop-free, so only the time limit stops it.
        var clock = Stopwatch.StartNew();

        Assert.Throws<ScriptAbortException>(() =>
            _engine.Evaluate("func f(n); if n == 0; ret 0; end; ret f(n - 1) + f(n - 1); end; f(30)", Model()));

        Assert.InRange(clock.Elapsed, ExpressionEngine.TimeLimit * 0.8, ExpressionEngine.TimeLimit * 5);
    }

    [Fact]
    public void A_huge_string_is_refused() =>
        Assert.Throws<ScriptRuntimeException>(() => _engine.Evaluate("'' | string.pad_left 10000000", Model()));

    [Fact]
    public void Deeply_nested_parentheses_are_a_parse_error_not_a_stack_overflow()
    {
        var deep = new string('(', 5000) + "1" + new string(')', 5000);

        Assert.NotEmpty(_engine.Check(deep, isTemplate: false));
    }
}
