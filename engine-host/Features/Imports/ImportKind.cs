using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Imports;
using Orchestrator.Domain.Records;

namespace Orchestrator.EngineHost.Features.Imports;

/// <summary>A column an import reads: its field name, whether every file needs it, and what it holds (for the template and the docs).</summary>
/// <param name="Aliases">Other headers people write for it (客户编码 for a customer's code).</param>
public sealed record ImportColumn(string Field, bool Required, string Example, string Description, params string[] Aliases);

/// <summary>The problems found in a file, by row and column header.</summary>
public sealed class ImportReport
{
    private readonly List<ImportRowError> _errors = [];

    public int Count { get; private set; }

    public IReadOnlyList<ImportRowError> Errors => _errors;

    public void Add(int row, string column, string message)
    {
        Count++;
        if (_errors.Count < ImportJob.MaxReportedErrors)
            _errors.Add(new ImportRowError(row, column, message));
    }
}

/// <summary>One data row seen through the file's header: a field's cell, whether the file has the column at all.</summary>
public sealed class ImportRow(TableRow row, IReadOnlyDictionary<string, (int Index, string Header)> columns, ImportReport report)
{
    public int Number => row.Number;

    public bool Has(string field) => columns.ContainsKey(field);

    /// <summary>The trimmed cell, or null when blank or the column is absent.</summary>
    public string? this[string field] =>
        columns.TryGetValue(field, out var c) && row[c.Index] is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public string Header(string field) => columns.TryGetValue(field, out var c) ? c.Header : field;

    public void Error(string field, string message) => report.Add(Number, Header(field), message);

    /// <summary>Copies the field errors of a record's validation, each under its column's header.</summary>
    public void Errors(FieldErrors errors)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            var column = field.Split('[', '.')[0];
            foreach (var message in messages)
                report.Add(Number, Header(column), message);
        }
    }

    public DateOnly? Date(string field)
    {
        var raw = this[field];
        if (raw is null)
            return null;
        string[] formats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyyMMdd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy年M月d日"];
        if (DateOnly.TryParseExact(raw, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        Error(field, $"'{raw}' is not a date: write it as yyyy-mm-dd.");
        return null;
    }

    public int? Int(string field)
    {
        var raw = this[field];
        if (raw is null)
            return null;
        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        Error(field, $"'{raw}' is not a whole number.");
        return null;
    }

    public bool? Bool(string field)
    {
        var raw = this[field];
        if (raw is null)
            return null;
        switch (raw.ToLowerInvariant())
        {
            case "true" or "yes" or "y" or "1" or "是" or "√":
                return true;
            case "false" or "no" or "n" or "0" or "否":
                return false;
            default:
                Error(field, $"'{raw}' is not yes or no: write true or false.");
                return null;
        }
    }

    public Guid? Id(string field)
    {
        var raw = this[field];
        if (raw is null)
            return null;
        if (Guid.TryParse(raw, out var id))
            return id;
        Error(field, $"'{raw}' is not an id.");
        return null;
    }

    /// <summary>A JSON list cell (contacts, addresses) as the API takes it.</summary>
    public List<T>? JsonList<T>(string field)
    {
        var raw = this[field];
        if (raw is null)
            return null;
        try
        {
            return global::System.Text.Json.JsonSerializer.Deserialize<List<T>>(raw, JsonColumn.Options);
        }
        catch (global::System.Text.Json.JsonException e)
        {
            Error(field, $"Not a JSON list as the export writes it: {e.Message}");
            return null;
        }
    }
}

/// <summary>What an import does in its two phases.</summary>
public interface IImportPlan
{
    int Rows { get; }

    /// <summary>Writes every row in the caller's transaction; reports rows written through <paramref name="progress"/>.</summary>
    Task<(int Created, int Updated, int Unchanged)> WriteAsync(DbContext db, Func<int, Task> progress, CancellationToken ct);
}

/// <summary>One kind of import (customers, installed products): its columns, and how it checks and writes rows.</summary>
public abstract class ImportKind
{
    public const int Batch = 500;

    /// <summary>The route name: <c>customers</c>, <c>installed-products</c>.</summary>
    public abstract string Name { get; }

    public abstract IReadOnlyList<ImportColumn> Columns { get; }

    /// <summary>Columns an export writes that an import reads past (computed or stamped by the server).</summary>
    public abstract IReadOnlyList<string> Ignored { get; }

    /// <summary>Checks every row (reporting rows checked through <paramref name="progress"/>); the plan when all are valid.</summary>
    public abstract Task<IImportPlan?> ValidateAsync(DbContext db, TableData table, ImportReport report, Func<int, Task> progress,
        CancellationToken ct);

    /// <summary>Maps the header to fields; unknown and duplicate columns and missing required ones are row-1 errors.</summary>
    protected Dictionary<string, (int Index, string Header)>? MapHeader(TableData table, ImportReport report)
    {
        var map = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        var fields = Columns.Select(c => c.Field).ToList();
        for (var i = 0; i < table.Header.Count; i++)
        {
            var header = table.Header[i];
            if (header.Length == 0)
            {
                if (table.Rows.Any(r => !string.IsNullOrWhiteSpace(r[i])))
                    report.Add(1, $"#{i + 1}", "A column with data has no header.");
                continue;
            }
            if (ColumnLabels.FieldOf(header, Ignored) is not null)
                continue;
            var field = ColumnLabels.FieldOf(header, fields)
                ?? Columns.FirstOrDefault(c => c.Aliases.Any(a => ColumnLabels.FieldOf(header, [a]) is not null))?.Field;
            if (field is null)
                report.Add(1, header, $"Unknown column. The columns are: {string.Join(", ", fields)}.");
            else if (!map.TryAdd(field, (i, header)))
                report.Add(1, header, $"The column {field} is in the file twice.");
        }
        foreach (var column in Columns.Where(c => c.Required && !map.ContainsKey(c.Field)))
        {
            if (!Alternates(column.Field).Any(map.ContainsKey))
                report.Add(1, column.Field, $"The file has no {column.Field} column; it is required.");
        }
        return report.Count > 0 ? null : map;
    }

    /// <summary>Other columns that can stand for a required one (customerId for customerCode).</summary>
    protected virtual IEnumerable<string> Alternates(string field) => [];

    protected static async Task<Dictionary<string, T>> InChunksAsync<T>(IReadOnlyCollection<string> keys,
        Func<List<string>, Task<List<T>>> load, Func<T, string> keyOf)
    {
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct().Chunk(Batch))
        {
            foreach (var item in await load([.. chunk]))
                found[keyOf(item)] = item;
        }
        return found;
    }

    protected static bool Changed(DbContext db, object entity) =>
        db.Entry(entity).Properties.Any(p => p.IsModified && !p.Metadata.GetValueComparer().Equals(p.OriginalValue, p.CurrentValue));
}
