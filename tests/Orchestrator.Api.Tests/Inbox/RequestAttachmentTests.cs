using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Api.Tests.ServiceFlows;

namespace Orchestrator.Api.Tests.Inbox;

/// <summary>
/// Attachments of a service request (docs/workspace.md): files agents attach (a scanned signed work order, a photo, a PDF
/// invoice) listed with the photos and signatures of the request's visits, each served as what its bytes are.
/// </summary>
public abstract class RequestAttachmentTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    public static readonly byte[] Png = Convert.FromBase64String(WorkspaceTests.Png["data:image/png;base64,".Length..]);
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static MultipartFormDataContent Files(params (string Name, byte[] Bytes, string Type)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes, type) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "file", name);
        }
        return form;
    }

    private static async Task<JsonObject> Problem(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    [Fact]
    public async Task An_agent_attaches_a_photo_and_a_pdf_and_the_request_lists_them_with_the_visits_signature()
    {
        var t = await _desk.TerritoryAsync();
        var opened = await _desk.OpenForAsync(t, "installation");
        var number = opened["number"]!.GetValue<string>();
        var visitId = (await _desk.VisitAsync(opened["requestId"]!))["id"]!.GetValue<Guid>();
        var report = await host.Client.PostAsJsonAsync($"/api/field-tasks/{visitId}/report", new
        {
            outcome = "Completed",
            workDone = "Installed.",
            hours = 1,
            signedBy = "王先生",
            signature = WorkspaceTests.Png,
        });
        Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        host.Factory.Clock.Advance(TimeSpan.FromMinutes(5));

        var annName = WorkflowApi.Unique("ann").ToLowerInvariant();
        using var ann = await host.Factory.CreateUserClientAsync(annName, ["Agent"]);
        var at = host.Factory.Clock.GetUtcNow();
        var upload = await ann.PostAsync($"/api/requests/{number.ToLowerInvariant()}/attachments",
            Files(("C:\\scans\\工单-签字.png", Png, "image/png"), ("invoice.pdf", Pdf, "application/octet-stream")));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var created = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(["工单-签字.png", "invoice.pdf"], created.Select(a => a!["name"]!.GetValue<string>()));

        // the list: the visit's signature first (older), then the two files, each with kind, name, size, who and when
        using var analyst = await host.Factory.CreateClientAsync("Analyst");
        var list = JsonNode.Parse(await analyst.GetStringAsync($"/api/requests/{number}/attachments"))!.AsArray();
        Assert.Equal(["Signature", "File", "File"], list.Select(a => a!["kind"]!.GetValue<string>()));
        Assert.Equal(["signature.png", "工单-签字.png", "invoice.pdf"], list.Select(a => a!["name"]!.GetValue<string>()));
        Assert.Equal(["image/png", "image/png", "application/pdf"], list.Select(a => a!["contentType"]!.GetValue<string>()));
        Assert.Equal([Png.Length, Png.Length, Pdf.Length], list.Select(a => a!["size"]!.GetValue<int>()));
        Assert.Equal(visitId, list[0]!["fieldTaskId"]!.GetValue<Guid>());
        Assert.Equal(annName, list[1]!["createdBy"]!.GetValue<string>());
        Assert.Equal(annName, list[1]!["createdByName"]!.GetValue<string>());
        Assert.True((list[1]!["createdAt"]!.GetValue<DateTimeOffset>() - at).Duration() < TimeSpan.FromMilliseconds(2));

        // each one downloads as the bytes sent, typed by its content, named, never sniffed into something else
        foreach (var (item, bytes) in new[] { (list[0]!, Png), (list[1]!, Png), (list[2]!, Pdf) })
        {
            using var file = await analyst.GetAsync(item["url"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(bytes, await file.Content.ReadAsByteArrayAsync());
            Assert.Equal(item["contentType"]!.GetValue<string>(), file.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", Assert.Single(file.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("inline", file.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal(item["name"]!.GetValue<string>(), file.Content.Headers.ContentDisposition.FileNameStar);
        }
        using var saved = await analyst.GetAsync(list[2]!["url"]!.GetValue<string>() + "?download=true");
        Assert.Equal("attachment", saved.Content.Headers.ContentDisposition!.DispositionType);

        // the request's history says who attached what, in the same commit
        var history = (await _desk.RequestAsync(number))["history"]!.AsArray()
            .Where(h => h!["changes"]!.AsArray().Any(c => c!["field"]!.GetValue<string>() == "attachment")).ToList();
        Assert.Equal(["工单-签字.png", "invoice.pdf"], history.Select(h => h!["changes"]![0]!["new"]!["name"]!.GetValue<string>()));
        Assert.All(history, h => Assert.Equal(annName, h!["actor"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Files_that_are_too_large_not_images_or_pdfs_or_missing_are_refused_naming_the_field()
    {
        var number = (await new DomainApi(host.Client).RequestAsync(DomainApi.Id(await new DomainApi(host.Client).CustomerAsync())))["number"]!
            .GetValue<string>();
        using var agent = await host.Factory.CreateClientAsync("Agent");
        var url = $"/api/requests/{number}/attachments";

        var tooLarge = await agent.PostAsync(url, Files(("scan.png", [.. Png, .. new byte[10 * 1024 * 1024]], "image/png")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(["file"], DomainApi.Fields(await Problem(tooLarge)));

        // what the browser claims does not count: the bytes decide
        var html = await agent.PostAsync(url, Files(("photo.png", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "image/png")));
        Assert.Equal(HttpStatusCode.BadRequest, html.StatusCode);
        Assert.Equal(["file"], DomainApi.Fields(await Problem(html)));
        var svg = await agent.PostAsync(url, Files(("logo.svg", Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/svg+xml")));
        Assert.Equal(["file"], DomainApi.Fields(await Problem(svg)));

        var none = await agent.PostAsync(url, new MultipartFormDataContent { { new StringContent("x"), "note" } });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(["file"], DomainApi.Fields(await Problem(none)));
        var json = await agent.PostAsJsonAsync(url, new { file = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(["file"], DomainApi.Fields(await Problem(json)));

        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsync("/api/requests/SR-1999-000001/attachments", Files(("a.png", Png, "image/png")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/requests/SR-1999-000001/attachments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"{url}/{Guid.NewGuid()}")).StatusCode);
        Assert.Empty(JsonNode.Parse(await agent.GetStringAsync(url))!.AsArray());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_upload_as_multipart_with_its_file_field_and_size_limits()
    {
        var document = (await host.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var body = document["paths"]!["/api/requests/{key}/attachments"]!["post"]!["requestBody"]!;
        Assert.True(body["required"]!.GetValue<bool>());
        Assert.Contains("10 MB", body["description"]!.GetValue<string>());
        var multipart = body["content"]!.AsObject();
        Assert.Equal(["multipart/form-data"], multipart.Select(c => c.Key));
        var schema = multipart["multipart/form-data"]!["schema"]!;
        Assert.Equal("object", schema["type"]!.GetValue<string>());
        Assert.Equal(["file"], schema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        var file = schema["properties"]!["file"]!;
        Assert.Equal("array", file["type"]!.GetValue<string>());
        Assert.Equal(10, file["maxItems"]!.GetValue<int>());
        Assert.Equal("string", file["items"]!["type"]!.GetValue<string>());
        Assert.Equal("binary", file["items"]!["format"]!.GetValue<string>());
        Assert.Equal(10 * 1024 * 1024, file["items"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(10 * 1024 * 1024, file["x-max-file-bytes"]!.GetValue<int>());
        Assert.Equal(25 * 1024 * 1024, file["x-max-request-bytes"]!.GetValue<long>());
        Assert.Contains("application/pdf", multipart["multipart/form-data"]!["encoding"]!["file"]!["contentType"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/requests/{key}/attachments"]!["post"]!["responses"]!["413"]);
    }

    [Theory]
    [InlineData("Agent", HttpStatusCode.Created)]
    [InlineData("Supervisor", HttpStatusCode.Created)]
    [InlineData("Technician", HttpStatusCode.Created)]
    [InlineData("Analyst", HttpStatusCode.Forbidden)]
    [InlineData("Integrator", HttpStatusCode.Forbidden)]
    public async Task Agents_supervisors_and_technicians_attach_files_others_only_read_them(string role, HttpStatusCode expected)
    {
        var domain = new DomainApi(host.Client);
        var number = (await domain.RequestAsync(DomainApi.Id(await domain.CustomerAsync())))["number"]!.GetValue<string>();
        using var client = await host.Factory.CreateClientAsync(role);
        Assert.Equal(expected, (await client.PostAsync($"/api/requests/{number}/attachments", Files(("a.pdf", Pdf, "application/pdf")))).StatusCode);
        Assert.Equal(expected == HttpStatusCode.Created ? 1 : 0, JsonNode.Parse(await client.GetStringAsync($"/api/requests/{number}/attachments"))!.AsArray().Count);
        using var nobody = host.Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync($"/api/requests/{number}/attachments")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RequestAttachmentsOnSqlite(SqliteHost host) : RequestAttachmentTests(host);

[Collection(PostgresCollection.Name)]
public sealed class RequestAttachmentsOnPostgres(PostgresHost host) : RequestAttachmentTests(host);
