using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>Command-line options shared by the benchmarks: <c>--name value</c> pairs after the benchmark's name.</summary>
public sealed class BenchOptions(IReadOnlyDictionary<string, string> values)
{
    public static BenchOptions Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (key is not null)
                    values[key] = "true";
                var eq = arg.IndexOf('=');
                if (eq > 0)
                {
                    values[arg[2..eq]] = arg[(eq + 1)..];
                    key = null;
                }
                else
                {
                    key = arg[2..];
                }
            }
            else if (key is not null)
            {
                values[key] = arg;
                key = null;
            }
        }
        if (key is not null)
            values[key] = "true";
        return new BenchOptions(values);
    }

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name) => values.GetValueOrDefault(name);

    public bool Flag(string name) => values.TryGetValue(name, out var v) && v != "false";
}

/// <summary>A Markdown table printed to the console (and kept, so <c>all</c> can repeat them at the end).</summary>
public sealed class MarkdownTable(string title, params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public void Row(params object?[] cells) =>
        _rows.Add(cells.Select(c => c switch
        {
            null => "",
            double d => Fmt.N(d),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => c.ToString()!,
        }).ToArray());

    public void Note(string note) => _notes.Add(note);

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("### ").AppendLine(title).AppendLine();
        sb.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        sb.Append('|').AppendJoin("", headers.Select(h => "---|")).AppendLine();
        foreach (var row in _rows)
            sb.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        if (_notes.Count > 0)
        {
            sb.AppendLine();
            foreach (var note in _notes)
                sb.Append("- ").AppendLine(note);
        }
        return sb.ToString();
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine(ToString());
        Console.Out.Flush();
    }
}

public static class Fmt
{
    public static string N(double value) => value switch
    {
        double.NaN => "n/a",
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };

    public static string Ms(double ms) => N(ms) + " ms";

    public static string Ratio(double ratio) => ratio.ToString(ratio >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture) + "×";
}

/// <summary>Percentiles over a sample of latencies (nearest rank).</summary>
public sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double value)
    {
        lock (_values)
            _values.Add(value);
    }

    public double Percentile(double p)
    {
        lock (_values)
        {
            if (_values.Count == 0)
                return double.NaN;
            var sorted = _values.Order().ToArray();
            var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }

    public double Max => Percentile(100);
    public double Min => Percentile(0);
    public double Mean
    {
        get
        {
            lock (_values)
                return _values.Count == 0 ? double.NaN : _values.Average();
        }
    }
}

/// <summary>What the numbers were measured on: printed with every table.</summary>
public static class Machine
{
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static string Cpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    public static string Describe() =>
        $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores ({Cpu()}); " +
        $"{RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; " +
        $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC; load average {LoadAverage()}";

    /// <summary>The commit the engine was built from, and whether workflows/ or engine-host/ had uncommitted changes.</summary>
    public static string Source()
    {
        try
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, ".git")))
                dir = dir.Parent;
            if (dir is null)
                return "unknown commit";
            var head = Git(dir.FullName, "rev-parse --short HEAD");
            var dirty = Git(dir.FullName, "status --porcelain -- workflows engine-host");
            return dirty.Length > 0 ? $"commit {head} + uncommitted engine changes" : $"commit {head}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return "unknown commit";
        }
    }

    private static string Git(string root, string arguments)
    {
        var start = new ProcessStartInfo("git", $"-C \"{root}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    public static void Header(string benchmark)
    {
        Console.WriteLine();
        Console.WriteLine($"## {benchmark}");
        Console.WriteLine();
        Console.WriteLine($"machine: {Describe()}; engine at {Source()}");
        Console.Out.Flush();
    }

    /// <summary>Waits until the 1-minute load average is below <paramref name="max"/> (at most <paramref name="timeout"/>).</summary>
    public static async Task WaitForQuietAsync(double max, TimeSpan timeout)
    {
        var stop = Stopwatch.StartNew();
        while (stop.Elapsed < timeout)
        {
            if (double.TryParse(LoadAverage().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) && load < max)
                return;
            await Task.Delay(5000);
        }
    }
}
