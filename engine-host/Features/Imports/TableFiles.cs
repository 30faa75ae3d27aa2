using System.Globalization;
using System.Text;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Orchestrator.EngineHost.Features.Imports;

/// <summary>A sheet as text: the header row, then the data rows with their spreadsheet row numbers (the header is row 1).</summary>
public sealed record TableData(IReadOnlyList<string> Header, IReadOnlyList<TableRow> Rows);

public sealed record TableRow(int Number, IReadOnlyList<string?> Cells)
{
    public string? this[int column] => column < Cells.Count ? Cells[column] : null;
}

/// <summary>A file that is not a table we can read: the sentence says why.</summary>
public sealed class TableFileException(string message) : Exception(message);

/// <summary>
/// Reads and writes the two file formats of import and export. CSV: RFC 4180 (quotes, embedded line breaks), read as
/// UTF-8 (with or without BOM) or, when it is not valid UTF-8, as GB18030 (what Excel saves on a Chinese Windows),
/// written as UTF-8 with BOM so Excel opens Chinese text correctly. Excel: the first sheet of an .xlsx (MiniExcel).
/// </summary>
public static class TableFiles
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary><c>csv</c> or <c>xlsx</c> from a file name or content type; null when neither says.</summary>
    public static string? FormatOf(string? fileName, string? contentType)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (extension is ".csv" or ".txt")
            return "csv";
        if (extension == ".xlsx")
            return "xlsx";
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            "text/csv" or "text/plain" or "application/csv" => "csv",
            XlsxContentType => "xlsx",
            _ => null,
        };
    }

    public static TableData Read(byte[] content, string format) => format == "xlsx" ? ReadXlsx(content) : ReadCsv(content);

    public static TableData ReadCsv(byte[] content)
    {
        string text;
        try
        {
            var start = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0;
            text = StrictUtf8.GetString(content, start, content.Length - start);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            text = Encoding.GetEncoding("GB18030").GetString(content);
        }
        var records = ParseCsv(text);
        if (records.Count == 0)
            throw new TableFileException("The file is empty: the first row must name the columns.");
        var header = records[0].Cells.Select(c => (c ?? "").Trim()).ToList();
        var rows = records.Skip(1).Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        return new TableData(header, rows);
    }

    /// <summary>RFC 4180 records; each keeps the line it starts on.</summary>
    private static List<TableRow> ParseCsv(string text)
    {
        var rows = new List<TableRow>();
        var cells = new List<string?>();
        var cell = new StringBuilder();
        var (line, rowStart, quoted, atCellStart) = (1, 1, false, true);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                    quoted = false;
                else
                {
                    if (ch == '\n')
                        line++;
                    cell.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when atCellStart:
                    quoted = true;
                    atCellStart = false;
                    break;
                case ',':
                    cells.Add(Unguard(cell.ToString()));
                    cell.Clear();
                    atCellStart = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(Unguard(cell.ToString()));
                    cell.Clear();
                    rows.Add(new TableRow(rowStart, cells));
                    cells = [];
                    line++;
                    rowStart = line;
                    atCellStart = true;
                    break;
                default:
                    cell.Append(ch);
                    atCellStart = false;
                    break;
            }
        }
        if (quoted)
            throw new TableFileException($"Row {rowStart}: a quoted cell is never closed.");
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(Unguard(cell.ToString()));
            rows.Add(new TableRow(rowStart, cells));
        }
        return rows;
    }

    public static TableData ReadXlsx(byte[] content)
    {
        List<IDictionary<string, object?>> sheet;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            sheet = MiniExcel.Query(stream, useHeaderRow: false, excelType: MiniExcelLibs.ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TableFileException($"The file is not an Excel workbook (.xlsx) we can read: {e.Message}");
        }
        if (sheet.Count == 0)
            throw new TableFileException("The sheet is empty: the first row must name the columns.");
        var columns = sheet[0].Keys.ToList();
        var header = columns.Select(k => Text(sheet[0][k])?.Trim() ?? "").ToList();
        var rows = new List<TableRow>(sheet.Count);
        for (var n = 1; n < sheet.Count; n++)
        {
            var cells = columns.Select(k => sheet[n].TryGetValue(k, out var v) ? Text(v) : null).ToList();
            if (cells.Any(c => !string.IsNullOrWhiteSpace(c)))
                rows.Add(new TableRow(n + 1, cells));
        }
        while (header.Count > 0 && header[^1].Length == 0 && rows.All(r => string.IsNullOrWhiteSpace(r[header.Count - 1])))
            header.RemoveAt(header.Count - 1);
        return new TableData(header, rows);
    }

    /// <summary>A cell as text: numbers without exponent or grouping, dates as yyyy-mm-dd (with the time when it has one).</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTime { TimeOfDay.Ticks: 0 } d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        double d => d.ToString("0.###############", CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>UTF-8 with BOM, CRLF, every cell that needs it quoted; a cell Excel would run as a formula is guarded with a leading '.</summary>
    public static async Task WriteCsvAsync(Stream output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows,
        CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await writer.WriteAsync(Line(header));
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteAsync(Line(row));
        }
        await writer.FlushAsync(ct);
    }

    private static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Escape)) + "\r\n";

    private static string Escape(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
            return "";
        if (IsFormulaLike(cell))
            cell = "'" + cell;
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || cell[0] == ' ' || cell[^1] == ' '
            ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;
    }

    /// <summary>=, @, or + / - not followed by a digit: Excel would evaluate it (CSV injection).</summary>
    private static bool IsFormulaLike(string cell) =>
        cell[0] is '=' or '@' || (cell[0] is '+' or '-' && (cell.Length == 1 || !(char.IsAsciiDigit(cell[1]) || cell[1] is ' ' or '.')));

    /// <summary>Undoes the guard of <see cref="Escape"/> so an exported file imports as it was.</summary>
    private static string Unguard(string cell) => cell.Length > 1 && cell[0] == '\'' && IsFormulaLike(cell[1..]) ? cell[1..] : cell;

    public static async Task WriteXlsxAsync(Stream output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows,
        string sheetName, CancellationToken ct)
    {
        // MiniExcel names the columns by the dictionary keys; keys must be unique, so the header goes in as the first row
        var table = rows.Select(r => Row(header.Count, r)).Prepend(Row(header.Count, header));
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, table, printHeader: false, sheetName: sheetName, cancellationToken: ct);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, ct);
    }

    private static Dictionary<string, object?> Row(int width, IReadOnlyList<string?> cells)
    {
        var row = new Dictionary<string, object?>(width);
        for (var i = 0; i < width; i++)
            row[$"c{i}"] = i < cells.Count ? cells[i] ?? "" : "";
        return row;
    }
}
