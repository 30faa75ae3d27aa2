using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Orchestrator.Workflows.Expressions;

/// <summary>
/// Scriban, sandboxed: only the model is reachable (plain script objects built from JSON, no .NET
/// members), no include, loop and recursion limits, output limit and a time limit. Parsed templates
/// are cached by text, so a definition version compiles each expression once.
/// </summary>
public sealed class ExpressionEngine
{
    public const int LoopLimit = 10_000;
    public const int RecursiveLimit = 50;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string Text, bool IsTemplate), Template> _cache = new();

    /// <summary>Parse errors of an expression (<c>input.total &gt; 100</c>) or a template (<c>Hello {{ name }}</c>).</summary>
    public IReadOnlyList<string> Check(string text, bool isTemplate)
    {
        var template = Parse(text, isTemplate, cache: false);
        return template.HasErrors ? template.Messages.Select(m => m.Message).ToList() : [];
    }

    public JsonNode? Evaluate(string expression, ScriptObject model)
    {
        var template = Parse(expression, isTemplate: false, cache: true);
        ThrowOnErrors(template, expression);
        var context = NewContext(model);
        var value = template.Evaluate(context);
        return ToJson(value);
    }

    public string Render(string text, ScriptObject model)
    {
        var template = Parse(text, isTemplate: true, cache: true);
        ThrowOnErrors(template, text);
        return template.Render(NewContext(model));
    }

    private Template Parse(string text, bool isTemplate, bool cache)
    {
        Template Create((string Text, bool IsTemplate) key) => Template.Parse(key.Text, lexerOptions: new LexerOptions
        {
            Mode = key.IsTemplate ? ScriptMode.Default : ScriptMode.ScriptOnly,
        });
        if (!cache)
            return Create((text, isTemplate));
        if (_cache.Count > 20_000)
            _cache.Clear();
        return _cache.GetOrAdd((text, isTemplate), Create);
    }

    private static void ThrowOnErrors(Template template, string text)
    {
        if (template.HasErrors)
            throw new ExpressionException($"'{text}' does not parse: {string.Join("; ", template.Messages.Select(m => m.Message))}");
    }

    private static TemplateContext NewContext(ScriptObject model)
    {
        var context = new SandboxContext
        {
            LoopLimit = LoopLimit,
            RecursiveLimit = RecursiveLimit,
            ObjectRecursionLimit = 20,
            LimitToString = 100_000,
            OutputLimit = 1_000_000,
            RegexTimeOut = TimeSpan.FromMilliseconds(200),
            StrictVariables = false,
            EnableRelaxedMemberAccess = true,
            TemplateLoader = null,
            MemberFilter = _ => false,
            CancellationToken = new CancellationTokenSource(TimeLimit).Token,
        };
        context.PushGlobal(model);
        return context;
    }

    /// <summary>JSON → script objects: objects, arrays and primitives only.</summary>
    public static object? ToScript(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => ToScriptObject(o),
        JsonArray a => new ScriptArray(a.Select(ToScript)),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetValue<long>(out var l) ? l : v.TryGetValue<decimal>(out var d) ? d
                : v.TryGetValue<double>(out var x) ? x
                // a number built in code (JsonValue<int>, …) rather than parsed: read it back from its JSON text
                : decimal.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var p)
                    ? (p == decimal.Truncate(p) && p is >= long.MinValue and <= long.MaxValue ? (long)p : p)
                    : v.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    public static ScriptObject ToScriptObject(JsonObject o)
    {
        var script = new ScriptObject(o.Count);
        foreach (var (key, value) in o)
            script[key] = ToScript(value);
        return script;
    }

    /// <summary>Script values → JSON.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        JsonNode n => n.DeepClone(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => Number(i),
        long l => Number(l),
        decimal m => Number(m / 1.0000000000000000000000000000m), // 50.0 → 50: no trailing zeros
        double d when double.IsFinite(d) => Number(d),
        double d => JsonValue.Create(d),
        float f when float.IsFinite(f) => Number(f),
        float f => JsonValue.Create(f),
        DateTime dt => JsonValue.Create(new DateTimeOffset(dt.ToUniversalTime(), TimeSpan.Zero)),
        DateTimeOffset dto => JsonValue.Create(dto),
        IDictionary<string, object?> dict => new JsonObject(dict.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        IEnumerable e => new JsonArray(e.Cast<object?>().Select(ToJson).ToArray()),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => null, // a function, or a .NET object a host put in the model: not data, and its ToString() could print its members
    };

    /// <summary>
    /// A number as parsed JSON holds it, so <c>GetValue&lt;double&gt;()</c> works on an integer result as it
    /// does once the value is stored and read back (a <c>JsonValue&lt;long&gt;</c> converts to nothing but long).
    /// </summary>
    private static JsonValue Number<T>(T number) => JsonValue.Create(JsonSerializer.SerializeToElement(number))!;

    /// <summary>
    /// Turns only data into text. A .NET object in the model is opaque: its members are filtered out
    /// and a record's ToString() would print them all, so it renders as nothing.
    /// </summary>
    private sealed class SandboxContext : TemplateContext
    {
        public override string ObjectToString(object? value, bool nested = false) => value switch
        {
            decimal m => base.ObjectToString(m / 1.0000000000000000000000000000m, nested) ?? "", // 12.5 * 4 → "50", not "50.0"
            _ when IsData(value) => base.ObjectToString(value, nested) ?? "",
            _ => "",
        };

        private static bool IsData(object? value) =>
            value is null or string or bool or decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum
                or System.Numerics.BigInteger or IScriptObject or IScriptCustomFunction or IEnumerable
            || value.GetType().IsPrimitive;
    }
}

public sealed class ExpressionException(string message) : Exception(message);
