using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Orchestrator.EngineHost.Features.Sla;

/// <summary>
/// The compliance report as a table, one row per group and target (the total last), headed in English or Chinese:
/// CSV (RFC 4180, UTF-8 with BOM so Excel reads Chinese) or an Excel sheet with numbers as numbers.
/// </summary>
internal static class SlaReportFiles
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] English =
        ["Group", "Name", "Requests", "Target", "Met", "Breached", "Running", "Met %", "Average minutes", "P90 minutes"];

    private static readonly string[] Chinese = ["分组", "名称", "工单数", "目标", "达标", "超时", "进行中", "达标率 %", "平均分钟", "P90 分钟"];

    private static readonly Dictionary<string, string> ChineseTargets = new()
    {
        ["FirstResponse"] = "首次响应",
        ["OnSite"] = "到场",
        ["Resolution"] = "解决",
    };

    public static (Stream Content, string ContentType) Write(SlaComplianceReport report, string format, string lang)
    {
        var header = lang == "zh" ? Chinese : English;
        var rows = report.Groups.Append(report.Total).SelectMany(g => g.Targets.Select(t => new object?[]
        {
            g.Key, g.Label, g.Requests, lang == "zh" ? ChineseTargets.GetValueOrDefault(t.Target, t.Target) : t.Target,
            t.Met, t.Breached, t.Running, t.MetPercent, t.AverageMinutes, t.P90Minutes,
        })).ToList();
        var buffer = new MemoryStream();
        if (format == "csv")
        {
            using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
            {
                writer.Write(string.Join(',', header.Select(Quote)) + "\r\n");
                foreach (var row in rows)
                    writer.Write(string.Join(',', row.Select(c => Quote(Text(c)))) + "\r\n");
            }
            buffer.Position = 0;
            return (buffer, CsvContentType);
        }

        var sheet = rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
                cells[header[i]] = row[i];
            return cells;
        }).ToList();
        buffer.SaveAs(sheet, sheetName: lang == "zh" ? "SLA 达标" : "SLA compliance", excelType: ExcelType.XLSX);
        buffer.Position = 0;
        return (buffer, XlsxContentType);
    }

    private static string Text(object? cell) => cell switch
    {
        null => "",
        double d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
