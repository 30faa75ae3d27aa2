using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Features.Imports;

namespace Orchestrator.Api.Tests.Domain;

public abstract class ImportExportTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    private async Task<JsonObject> UploadAsync(string kind, byte[] file, string fileName, bool dryRun = false)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : TableFiles.XlsxContentType);
        form.Add(content, "file", fileName);
        var response = await host.Client.PostAsync($"/api/imports/{kind}?dryRun={dryRun}", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {text}");
        Assert.NotNull(response.Headers.Location);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Follows the job's event stream to its end; returns every state it sent.</summary>
    private async Task<List<JsonObject>> FollowAsync(JsonObject job)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/imports/{job["id"]}/events");
        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var states = new List<JsonObject>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                states.Add(JsonNode.Parse(line[6..])!.AsObject());
        }
        Assert.NotEmpty(states);
        return states;
    }

    private async Task<JsonObject> ImportAsync(string kind, byte[] file, string fileName, bool dryRun = false)
    {
        var final = (await FollowAsync(await UploadAsync(kind, file, fileName, dryRun)))[^1];
        Assert.Equal(final.ToJsonString(), (await _api.GetAsync($"/api/imports/{final["id"]}")).ToJsonString());
        return final;
    }

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    private static List<(int Row, string Column, string Message)> Errors(JsonObject job) =>
        job["errors"]!.AsArray().Select(e => (e!["row"]!.GetValue<int>(), e["column"]!.GetValue<string>(), e["message"]!.GetValue<string>())).ToList();

    private async Task<int> CountAsync(string path) => (await _api.GetAsync(path))["total"]!.GetValue<int>();

    [Fact]
    public async Task A_customer_file_with_bad_rows_writes_nothing_and_names_each_bad_row()
    {
        var (good, dup) = (WorkflowApi.Unique("C"), WorkflowApi.Unique("C"));
        var job = await ImportAsync("customers", Csv(
            "code,name,phone,tier,email",
            $"{good},张伟,13800000000,Gold,",
            $"{WorkflowApi.Unique("C")},,13800000001,Standard,",
            $"{WorkflowApi.Unique("C")},Bad Phone Ltd,call me maybe,Standard,",
            $"{dup},First,13800000002,Standard,",
            $"{dup},Second,13800000003,Diamond,x@"), "customers.csv");

        Assert.Equal("Rejected", job["status"]!.GetValue<string>());
        Assert.Equal(5, job["totalRows"]!.GetValue<int>());
        var errors = Errors(job);
        Assert.Equal([(3, "name"), (4, "phone"), (6, "code"), (6, "email"), (6, "tier")],
            errors.Select(e => (e.Row, e.Column)).Order().ToArray());
        Assert.Contains("row 5", errors.Single(e => e.Column == "code").Message);
        Assert.Equal(5, job["errorCount"]!.GetValue<int>());
        Assert.Equal(0, await CountAsync($"/api/customers?code={good}"));
        Assert.Equal(0, await CountAsync($"/api/customers?code={dup}"));
    }

    [Fact]
    public async Task An_installed_base_file_reports_unknown_models_bad_dates_and_duplicate_or_altered_serials()
    {
        var customer = await _api.CustomerAsync();
        var code = customer["code"]!.GetValue<string>();
        var model = await _api.ModelAsync();
        var modelCode = model["modelCode"]!.GetValue<string>();
        var registered = await _api.ProductAsync(DomainApi.Id(customer), DomainApi.Id(model), "2026-01-10");
        var (fresh, twice) = (WorkflowApi.Unique("SN"), WorkflowApi.Unique("SN"));

        var job = await ImportAsync("installed-products", Csv(
            "序列号,客户编码,型号编码,销售日期,验收日期,ID",
            $"{fresh},{code},{modelCode},2026-02-01,2026-02-03,",
            $"{WorkflowApi.Unique("SN")},{code},NO-SUCH-MODEL,2026-02-01,,",
            $"{WorkflowApi.Unique("SN")},{code},{modelCode},2026-02-30,,",
            $"{twice},{code},{modelCode},2026-02-01,,",
            $"{twice.ToLowerInvariant()},{code},{modelCode},2026-02-01,,",
            $"{WorkflowApi.Unique("SN")},{code},{modelCode},2026-02-01,,{registered["id"]}",
            $"{WorkflowApi.Unique("SN")},NOBODY,{modelCode},2026-02-01,2026-01-01,"), "products.csv");

        Assert.Equal("Rejected", job["status"]!.GetValue<string>());
        var errors = Errors(job);
        Assert.Equal([(3, "型号编码"), (4, "销售日期"), (6, "序列号"), (7, "序列号"), (8, "客户编码"), (8, "验收日期")],
            errors.Select(e => (e.Row, e.Column)).Order().ToArray());
        Assert.StartsWith("Unknown model", errors.Single(e => e.Row == 3).Message);
        Assert.Contains("yyyy-mm-dd", errors.Single(e => e.Row == 4).Message);
        Assert.Contains("altered", errors.Single(e => e.Row == 7).Message);
        Assert.Contains(registered["serialNumber"]!.GetValue<string>(), errors.Single(e => e.Row == 7).Message);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"/api/installed-products/{fresh}")).Status);
    }

    [Fact]
    public async Task A_good_import_is_all_there_and_importing_again_upserts_by_code_and_serial_number()
    {
        var (a, b) = (WorkflowApi.Unique("C"), WorkflowApi.Unique("C"));
        var group = await _api.CreatedAsync("/api/customer-groups", new { code = WorkflowApi.Unique("G"), name = "华东区", kind = "Region" });
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["客户编码"] = a, ["名称"] = "上海浦江酒店管理有限公司", ["类型"] = "Company", ["电话"] = "021-5888 6666", ["客户等级"] = "Vip",
                ["客户组编码"] = group["code"]!.GetValue<string>(), ["积分"] = 120, ["联系人"] = """[{"name":"王伟","phone":"13912345678","primary":true}]""" },
            new() { ["客户编码"] = b, ["名称"] = "Harbour View Hotel Ltd", ["类型"] = "Company", ["电话"] = "+86 21 6666 8888", ["客户等级"] = "Gold",
                ["客户组编码"] = null, ["积分"] = null, ["联系人"] = null },
        };
        var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(rows);
        var job = await ImportAsync("customers", xlsx.ToArray(), "客户.xlsx");
        Assert.True(job["status"]!.GetValue<string>() == "Succeeded", job.ToJsonString());
        Assert.Equal((2, 0, 0), (job["created"]!.GetValue<int>(), job["updated"]!.GetValue<int>(), job["unchanged"]!.GetValue<int>()));

        var first = await _api.GetAsync($"/api/customers/{a}");
        Assert.Equal("上海浦江酒店管理有限公司", first["name"]!.GetValue<string>());
        Assert.Equal("王伟", first["contacts"]![0]!["name"]!.GetValue<string>());
        Assert.Equal((120, "Vip", group["id"]!.GetValue<Guid>()),
            (first["loyaltyPoints"]!.GetValue<int>(), first["tier"]!.GetValue<string>(), first["groupId"]!.GetValue<Guid>()));
        var trail = await _api.GetAsync($"/api/audit?entity=customers&id={first["id"]}");
        Assert.Equal("Created", trail["items"]![0]!["action"]!.GetValue<string>());

        var model = await _api.ModelAsync(warrantyMonths: 24);
        var serial = WorkflowApi.Unique("SN");
        var products = await ImportAsync("installed-products", Csv(
            "serialNumber,customerCode,modelCode,saleDate,acceptanceDate,siteAddress,exclusions",
            $"{serial.ToLowerInvariant()},{a},{model["modelCode"]},2026/3/1,2026-03-05,浦东新区张江路 100 号,"), "products.csv");
        Assert.Equal("Succeeded", products["status"]!.GetValue<string>());
        var product = await _api.GetAsync($"/api/installed-products/{serial}");
        Assert.Equal(("2028-03-05", "浦东新区张江路 100 号"), (product["warrantyEnd"]!.GetValue<string>(), product["siteAddress"]!.GetValue<string>()));

        var again = await ImportAsync("customers", Csv("code,name,tier", $"{a},上海浦江酒店管理有限公司,Silver", $"{b},Harbour View Hotel Ltd,Gold"),
            "again.csv");
        Assert.Equal((0, 1, 1), (again["created"]!.GetValue<int>(), again["updated"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>()));
        var updated = await _api.GetAsync($"/api/customers/{a}");
        Assert.Equal(("Silver", "王伟", 2), (updated["tier"]!.GetValue<string>(), updated["contacts"]![0]!["name"]!.GetValue<string>(),
            updated["revision"]!.GetValue<int>()));
        var moved = await ImportAsync("installed-products", Csv("serialNumber,customerCode,modelCode,saleDate", $"{serial},{b},{model["modelCode"]},2026-03-01"),
            "moved.csv");
        Assert.Equal(1, moved["updated"]!.GetValue<int>());
        var owner = await _api.GetAsync($"/api/installed-products/{serial}");
        Assert.Equal(DomainApi.Id(await _api.GetAsync($"/api/customers/{b}")), owner["customerId"]!.GetValue<Guid>());
        Assert.Equal("浦东新区张江路 100 号", owner["siteAddress"]!.GetValue<string>());
    }

    [Fact]
    public async Task Progress_moves_through_validation_and_writing_while_a_larger_file_imports()
    {
        const int rows = 2_000;
        var prefix = WorkflowApi.Unique("P");
        var lines = new List<string> { "code,name,region,phone" };
        lines.AddRange(Enumerable.Range(1, rows).Select(n => $"{prefix}-{n:00000},客户 {n},{prefix},138{n:00000000}"));
        var seen = new List<ImportProgress>();
        var hub = host.Factory.Services.GetRequiredService<ImportProgressHub>();
        void Record(ImportProgress p)
        {
            lock (seen)
                seen.Add(p);
        }
        hub.Updated += Record;
        try
        {
            var job = await ImportAsync("customers", Csv([.. lines]), "big.csv");
            Assert.Equal(("Succeeded", rows, rows, 100), (job["status"]!.GetValue<string>(), job["totalRows"]!.GetValue<int>(),
                job["created"]!.GetValue<int>(), job["percent"]!.GetValue<int>()));
            List<ImportProgress> mine;
            lock (seen)
                mine = seen.Where(p => p.JobId == job["id"]!.GetValue<Guid>()).ToList();
            foreach (var phase in new[] { "Validating", "Writing" })
            {
                var counts = mine.Where(p => p.Status.ToString() == phase).Select(p => p.ProcessedRows).ToList();
                Assert.True(counts.Count(c => c is > 0 and < rows) >= 2, $"{phase}: {string.Join(",", counts)}");
                Assert.Equal(counts.Order(), counts);
                Assert.Equal(rows, counts[^1]);
            }
            Assert.Equal("Succeeded", mine[^1].Status.ToString());
        }
        finally
        {
            hub.Updated -= Record;
        }
        Assert.Equal(rows, await CountAsync($"/api/customers?region={prefix}"));
    }

    [Fact]
    public async Task An_exported_list_imports_back_unchanged_with_its_Chinese_in_csv_and_xlsx()
    {
        var region = WorkflowApi.Unique("R");
        var customer = await _api.CreatedAsync("/api/customers", new
        {
            code = WorkflowApi.Unique("C"),
            name = "杭州西湖\"龙井\"茶楼, 有限公司",
            kind = "Company",
            region,
            phone = "0571-8765 4321",
            tier = "Gold",
            notes = "=SUM(A1) 不是公式\n第二行",
            contacts = new[] { new { name = "李娜", phone = "13700001111", primary = true } },
            addresses = new[] { new { label = "总店", city = "杭州", line = "西湖区龙井路 1 号", @default = true } },
        });
        await _api.CreatedAsync("/api/customers", new { code = WorkflowApi.Unique("C"), name = "Lotus Spa & Wellness", region });
        var model = await _api.ModelAsync();
        var product = await _api.ProductAsync(DomainApi.Id(customer), DomainApi.Id(model), "2026-04-01", "2026-04-02", ["Misuse"]);

        var csv = await host.Client.GetAsync($"/api/customers?region={region}&format=csv&lang=zh&sort=name");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var table = TableFiles.ReadCsv(bytes);
        Assert.Contains("名称", table.Header);
        Assert.Equal(2, table.Rows.Count);
        var nameColumn = table.Header.ToList().IndexOf("名称");
        Assert.Contains("杭州西湖\"龙井\"茶楼, 有限公司", table.Rows.Select(r => r[nameColumn]));
        Assert.Contains("'=SUM(A1)", Encoding.UTF8.GetString(bytes));

        var back = await ImportAsync("customers", bytes, "customers-export.csv");
        Assert.True(back["status"]!.GetValue<string>() == "Succeeded", back.ToJsonString());
        Assert.Equal((0, 0, 2), (back["created"]!.GetValue<int>(), back["updated"]!.GetValue<int>(), back["unchanged"]!.GetValue<int>()));
        var after = await _api.GetAsync($"/api/customers/{customer["id"]}");
        Assert.Equal((1, "=SUM(A1) 不是公式\n第二行"), (after["revision"]!.GetValue<int>(), after["notes"]!.GetValue<string>()));

        foreach (var lang in new[] { "en", "zh" })
        {
            var xlsx = await host.Client.GetAsync($"/api/installed-products?customerId={customer["id"]}&format=xlsx&lang={lang}");
            Assert.Equal(TableFiles.XlsxContentType, xlsx.Content.Headers.ContentType?.MediaType);
            var file = await xlsx.Content.ReadAsByteArrayAsync();
            var sheet = TableFiles.ReadXlsx(file);
            Assert.Contains(lang == "zh" ? "序列号" : "Serial number", sheet.Header);
            Assert.Single(sheet.Rows);
            var again = await ImportAsync("installed-products", file, "products.xlsx");
            Assert.True(again["status"]!.GetValue<string>() == "Succeeded", again.ToJsonString());
            Assert.Equal((0, 0, 1), (again["created"]!.GetValue<int>(), again["updated"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>()));
        }
        var customersXlsx = await host.Client.GetByteArrayAsync($"/api/customers?region={region}&format=xlsx&lang=zh");
        Assert.Contains("西湖区龙井路 1 号", TableFiles.ReadXlsx(customersXlsx).Rows.SelectMany(r => r.Cells).OfType<string>().Single(c => c.Contains("总店")));
        var fromXlsx = await ImportAsync("customers", customersXlsx, "customers.xlsx");
        Assert.Equal((0, 0, 2), (fromXlsx["created"]!.GetValue<int>(), fromXlsx["updated"]!.GetValue<int>(), fromXlsx["unchanged"]!.GetValue<int>()));
        var stored = await _api.GetAsync($"/api/installed-products/{product["id"]}");
        Assert.Equal((1, "Misuse"), (stored["revision"]!.GetValue<int>(), stored["exclusions"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_dry_run_checks_without_writing_and_templates_name_the_columns()
    {
        var code = WorkflowApi.Unique("C");
        var dry = await ImportAsync("customers", Csv("code,name", $"{code},Dry Run Co."), "dry.csv", dryRun: true);
        Assert.Equal(("Succeeded", true), (dry["status"]!.GetValue<string>(), dry["dryRun"]!.GetValue<bool>()));
        Assert.Equal(0, await CountAsync($"/api/customers?code={code}"));

        var template = await host.Client.GetByteArrayAsync("/api/imports/installed-products/template?format=csv&lang=zh");
        var header = TableFiles.ReadCsv(template).Header;
        Assert.Equal(["序列号", "客户编码", "型号编码", "销售日期"], header.Take(4));
        var xlsx = TableFiles.ReadXlsx(await host.Client.GetByteArrayAsync("/api/imports/customers/template?format=xlsx"));
        Assert.Equal(["Code", "Name"], xlsx.Header.Take(2));
        Assert.Empty(xlsx.Rows);
        var filled = await ImportAsync("customers", Csv(string.Join(',', xlsx.Header), $"{code},Template Co." + new string(',', xlsx.Header.Count - 2)),
            "filled.csv");
        Assert.True(filled["status"]!.GetValue<string>() == "Succeeded", filled.ToJsonString());
    }

    [Fact]
    public async Task Bad_uploads_and_list_parameters_are_4xx_naming_the_field()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync("/api/imports/planets", new ByteArrayContent([1]))).StatusCode);
        var noFile = await host.Client.PostAsync("/api/imports/customers", new FormUrlEncodedContent([new("x", "y")]));
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Contains("file", await noFile.Content.ReadAsStringAsync());
        var pdf = new ByteArrayContent([1, 2, 3]);
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await host.Client.PostAsync("/api/imports/customers", pdf)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"/api/imports/{Guid.NewGuid()}")).Status);

        var notExcel = await ImportAsync("customers", [1, 2, 3, 4], "broken.xlsx");
        Assert.Equal("Rejected", notExcel["status"]!.GetValue<string>());
        var unknownColumn = await ImportAsync("customers", Csv("code,name,salary", "C-1,x,3"), "columns.csv");
        Assert.Equal([(1, "salary")], Errors(unknownColumn).Select(e => (e.Row, e.Column)));
        var missing = await ImportAsync("installed-products", Csv("serialNumber,saleDate", "SN-1,2026-01-01"), "missing.csv");
        Assert.Equal(["customerCode", "modelCode"], Errors(missing).Select(e => e.Column).Order(StringComparer.Ordinal));

        var (status, problem) = await _api.SendAsync(HttpMethod.Get, "/api/customers?colour=red&format=pdf&lang=fr");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["colour", "format", "lang"], DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
        var (badPhone, phoneProblem) = await _api.SendAsync(HttpMethod.Post, "/api/customers", new { code = WorkflowApi.Unique("C"), name = "x", phone = "call me" });
        Assert.Equal(HttpStatusCode.BadRequest, badPhone);
        Assert.Equal(["phone"], DomainApi.Fields(phoneProblem));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportExportOnSqlite(SqliteHost host) : ImportExportTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ImportExportOnPostgres(PostgresHost host) : ImportExportTests(host);
