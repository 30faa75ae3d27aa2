using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.Domain.Records;
using Orchestrator.EngineHost.Features.Imports;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>
/// Any record list as a file: <c>GET /api/{records}?format=csv|xlsx&amp;lang=en|zh</c> with the list's filters and sort,
/// every matching record (no paging). The columns are the record's JSON fields in the API's order, headed in English or
/// Chinese; lists and objects (contacts, addresses) are one cell of JSON. CSV is UTF-8 with BOM. The customers and
/// installed-products files import back as they are (see <see cref="ImportEndpoints"/>).
/// </summary>
public static class RecordExport
{
    /// <summary>More than this many records is a 400 that asks for narrower filters.</summary>
    public const int MaxRows = 200_000;

    public static readonly string[] Formats = ["json", "csv", "xlsx"];

    public static async Task<IResult> ExportAsync<T, TInput>(RecordApi<T, TInput> api, IQueryable<T> records, string format, string lang,
        HttpContext http, CancellationToken ct) where T : AuditedRecord where TInput : class
    {
        var total = await records.CountAsync(ct);
        if (total > MaxRows)
            return Problems.Invalid("format", $"{total} {api.Route} match; an export takes at most {MaxRows}. Narrow the filters.");

        var options = new JsonSerializerOptions(http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        var fields = options.GetTypeInfo(typeof(T)).Properties.Where(p => p.Get is not null).Select(p => p.Name).ToList();
        var header = Headers(fields, lang);
        var rows = (await records.ToListAsync(ct)).Select(r => Cells(r, fields, options));

        var name = $"{api.Route}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{format}";
        var buffer = new MemoryStream();
        if (format == "csv")
            await TableFiles.WriteCsvAsync(buffer, header, rows, ct);
        else
            await TableFiles.WriteXlsxAsync(buffer, header, rows.ToList(), api.Tag.Length > 31 ? api.Tag[..31] : api.Tag, ct);
        buffer.Position = 0;
        return TypedResults.File(buffer, format == "csv" ? TableFiles.CsvContentType : TableFiles.XlsxContentType, name);
    }

    /// <summary>Headers in the language; a Chinese header two fields share gets the field name added.</summary>
    private static List<string> Headers(List<string> fields, string lang)
    {
        var headers = fields.Select(f => ColumnLabels.Header(f, lang)).ToList();
        var repeated = headers.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return headers.Select((h, i) => repeated.Contains(h) ? $"{h} ({fields[i]})" : h).ToList();
    }

    private static string?[] Cells<T>(T record, List<string> fields, JsonSerializerOptions options)
    {
        var element = JsonSerializer.SerializeToElement(record, options);
        var cells = new string?[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            if (!element.TryGetProperty(fields[i], out var value))
                continue;
            cells[i] = value.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => value.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.GetRawText(),
            };
        }
        return cells;
    }
}
