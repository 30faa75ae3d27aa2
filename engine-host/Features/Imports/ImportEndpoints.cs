using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Imports;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Imports;

/// <summary>An import job as the API shows it; <c>percent</c> counts validation as the first half and writing as the second.</summary>
public sealed record ImportJobView(Guid Id, string Kind, string FileName, string Format, bool DryRun, ImportStatus Status,
    int TotalRows, int ProcessedRows, int Percent, int Created, int Updated, int Unchanged, int ErrorCount,
    IReadOnlyList<ImportRowError> Errors, string? Message, string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static ImportJobView Of(ImportJob job, ImportProgress? live)
    {
        var (status, total, processed) = live is null ? (job.Status, job.TotalRows, job.ProcessedRows)
            : (live.Status, live.TotalRows, live.ProcessedRows);
        var share = total == 0 ? 0 : Math.Clamp(processed * 50 / total, 0, 50);
        var percent = status switch
        {
            ImportStatus.Queued => 0,
            ImportStatus.Validating => share,
            ImportStatus.Writing => 50 + share,
            _ => 100,
        };
        return new ImportJobView(job.Id, job.Kind, job.FileName, job.Format, job.DryRun, status, total, processed, percent, job.Created,
            job.Updated, job.Unchanged, job.ErrorCount, job.Errors, job.Message, job.CreatedBy, job.CreatedAt, job.StartedAt,
            job.FinishedAt);
    }
}

/// <summary>A column of an import, for the template and the docs.</summary>
public sealed record ImportColumnView(string Field, string Header, string HeaderZh, bool Required, string Example, string Description);

/// <summary>
/// <c>POST /api/imports/{kind}</c> uploads a CSV or Excel file of customers or installed products and answers 202 with a
/// job to poll (<c>GET /api/imports/{id}</c>) or follow (<c>GET /api/imports/{id}/events</c>, server-sent events).
/// </summary>
public static class ImportEndpoints
{
    /// <summary>Largest file accepted (50,000 rows of customers are about 10 MB as CSV).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/imports").WithTags("Import and export");
        // no Accepts(...) metadata: it would make routing answer a wrong content type with a bare 404/415 instead of our problem
        group.MapPost("/{kind}", UploadAsync).Produces<ImportJobView>(202).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(413).ProducesProblem(415)
            .WithSummary("Upload customers or installed-products as CSV or .xlsx (multipart field 'file', or the file as the body): " +
                         "every row is checked first; only when all are valid are they written, all in one transaction. ?dryRun=true only checks")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxFileBytes));
        group.MapGet("/", ListAsync).Produces<List<ImportJobView>>().WithSummary("Recent imports, newest first (without their row reports)");
        group.MapGet("/{id:guid}", GetAsync).Produces<ImportJobView>().ProducesProblem(404)
            .WithSummary("An import: status (Queued, Validating, Writing, Succeeded, Rejected, Failed), progress and the report of bad rows");
        group.MapGet("/{id:guid}/events", Events).Produces(200, contentType: "text/event-stream").ProducesProblem(404)
            .WithSummary("The import's progress as server-sent events ('progress' with the job), ending after the final state");
        group.MapGet("/{kind}/columns", Columns).Produces<List<ImportColumnView>>().ProducesProblem(404)
            .WithSummary("The columns an import reads, with their English and Chinese headers");
        group.MapGet("/{kind}/template", TemplateAsync).Produces(200, contentType: TableFiles.CsvContentType)
            .Produces(200, contentType: TableFiles.XlsxContentType).ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("A file with just the header row to fill in: ?format=csv|xlsx&lang=en|zh");
        return app;
    }

    private static ImportKind? KindOf(string kind) =>
        ImportRunner.Kinds.FirstOrDefault(k => k.Name.Equals(kind, StringComparison.OrdinalIgnoreCase));

    private static IResult UnknownKind(string kind) =>
        Problems.NotFound($"Nothing imports as '{kind}': {string.Join(" or ", ImportRunner.Kinds.Select(k => k.Name))}.");

    private static async Task<IResult> UploadAsync(string kind, HttpRequest request, DbContext db, ImportRunner runner, TimeProvider time,
        IAuditActor actor, bool dryRun = false, string? fileName = null, CancellationToken ct = default)
    {
        if (KindOf(kind) is not { } importKind)
            return UnknownKind(kind);
        if (request.ContentLength > MaxFileBytes)
            return TooLarge();
        byte[] content;
        string? contentType;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null)
                return Problems.Invalid("file", "Send the file in the multipart field 'file'.");
            if (file.Length > MaxFileBytes)
                return TooLarge();
            (fileName, contentType) = (file.FileName, file.ContentType);
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        else
        {
            contentType = request.ContentType;
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        var format = TableFiles.FormatOf(fileName, contentType);
        if (format is null)
        {
            return TypedResults.Problem("Send a .csv or .xlsx file (by its name, or Content-Type text/csv or the .xlsx type).",
                statusCode: 415, title: "Unsupported file type", type: ProblemTypes.For(415));
        }
        if (content.Length == 0)
            return Problems.Invalid("file", "The file is empty.");

        var job = new ImportJob
        {
            Kind = importKind.Name,
            FileName = Path.GetFileName(fileName ?? $"{importKind.Name}.{format}"),
            Format = format,
            DryRun = dryRun,
            Status = ImportStatus.Queued,
            CreatedBy = actor.Name,
            CreatedAt = time.GetUtcNow(),
            Content = content,
        };
        if (job.FileName.Length > 260)
            job.FileName = job.FileName[^260..];
        db.Add(job);
        await db.SaveChangesAsync(ct);
        runner.Enqueue(job.Id);
        return TypedResults.Accepted($"/api/imports/{job.Id}", ImportJobView.Of(job, null));
    }

    private static IResult TooLarge() =>
        TypedResults.Problem($"The file is larger than {MaxFileBytes / 1024 / 1024} MB; split it.", statusCode: 413,
            title: "File too large", type: ProblemTypes.For(413));

    private static async Task<IResult> ListAsync(DbContext db, ImportProgressHub hub, string? kind = null, CancellationToken ct = default)
    {
        var query = db.Set<ImportJob>().AsNoTracking();
        if (!string.IsNullOrEmpty(kind))
            query = query.Where(j => j.Kind == kind);
        var jobs = await query.OrderByDescending(j => j.CreatedAt).Take(50)
            .Select(j => new ImportJob
            {
                Id = j.Id,
                Kind = j.Kind,
                FileName = j.FileName,
                Format = j.Format,
                DryRun = j.DryRun,
                Status = j.Status,
                TotalRows = j.TotalRows,
                ProcessedRows = j.ProcessedRows,
                Created = j.Created,
                Updated = j.Updated,
                Unchanged = j.Unchanged,
                ErrorCount = j.ErrorCount,
                Message = j.Message,
                CreatedBy = j.CreatedBy,
                CreatedAt = j.CreatedAt,
                StartedAt = j.StartedAt,
                FinishedAt = j.FinishedAt,
            }).ToListAsync(ct);
        return TypedResults.Ok(jobs.Select(j => ImportJobView.Of(j, hub.Live(j.Id))).ToList());
    }

    private static async Task<ImportJob?> LoadAsync(DbContext db, Guid id, CancellationToken ct) =>
        await db.Set<ImportJob>().AsNoTracking().Where(j => j.Id == id).Select(j => new ImportJob
        {
            Id = j.Id,
            Kind = j.Kind,
            FileName = j.FileName,
            Format = j.Format,
            DryRun = j.DryRun,
            Status = j.Status,
            TotalRows = j.TotalRows,
            ProcessedRows = j.ProcessedRows,
            Created = j.Created,
            Updated = j.Updated,
            Unchanged = j.Unchanged,
            ErrorCount = j.ErrorCount,
            Errors = j.Errors,
            Message = j.Message,
            CreatedBy = j.CreatedBy,
            CreatedAt = j.CreatedAt,
            StartedAt = j.StartedAt,
            FinishedAt = j.FinishedAt,
        }).FirstOrDefaultAsync(ct);

    private static async Task<IResult> GetAsync(Guid id, DbContext db, ImportProgressHub hub, CancellationToken ct) =>
        await LoadAsync(db, id, ct) is { } job ? TypedResults.Ok(ImportJobView.Of(job, hub.Live(id))) : NotFound(id);

    private static IResult NotFound(Guid id) => Problems.NotFound($"No import has the id {id}.");

    private static async Task<IResult> Events(Guid id, IServiceProvider services, DbContext db, CancellationToken ct)
    {
        if (await LoadAsync(db, id, ct) is null)
            return NotFound(id);
        return TypedResults.ServerSentEvents(Stream(id, services, ct), eventType: "progress");
    }

    /// <summary>The job now, then again at each change (this host's progress at once; another host's, polled each second), until it finishes.</summary>
    private static async IAsyncEnumerable<ImportJobView> Stream(Guid id, IServiceProvider services,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var hub = services.GetRequiredService<ImportProgressHub>();
        ImportJobView? last = null;
        while (!ct.IsCancellationRequested)
        {
            var changed = hub.Changed;
            await using var scope = services.CreateAsyncScope();
            var job = await LoadAsync(scope.ServiceProvider.GetRequiredService<DbContext>(), id, ct);
            if (job is null)
                yield break;
            var view = ImportJobView.Of(job, hub.Live(id));
            if (last is null || view.Status != last.Status || view.ProcessedRows != last.ProcessedRows || view.TotalRows != last.TotalRows)
                yield return view;
            last = view;
            if (view.Status is ImportStatus.Succeeded or ImportStatus.Rejected or ImportStatus.Failed)
                yield break;
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(1), ct));
        }
    }

    private static IResult Columns(string kind) =>
        KindOf(kind) is { } k
            ? TypedResults.Ok(k.Columns.Select(c => new ImportColumnView(c.Field, ColumnLabels.Header(c.Field, "en"),
                ColumnLabels.Header(c.Field, "zh"), c.Required, c.Example, c.Description)).ToList())
            : UnknownKind(kind);

    private static async Task<IResult> TemplateAsync(string kind, HttpContext http, string? format = "csv", string? lang = "en")
    {
        if (KindOf(kind) is not { } k)
            return UnknownKind(kind);
        if (format is not ("csv" or "xlsx"))
            return Problems.Invalid("format", $"'{format}' is not a format: csv or xlsx.");
        if (lang is not ("en" or "zh"))
            return Problems.Invalid("lang", $"'{lang}' is not a language of the headers: en or zh.");
        var header = k.Columns.Select(c => ColumnLabels.Header(c.Field, lang)).ToList();
        var buffer = new MemoryStream();
        if (format == "csv")
            await TableFiles.WriteCsvAsync(buffer, header, [], http.RequestAborted);
        else
            await TableFiles.WriteXlsxAsync(buffer, header, [], k.Name, http.RequestAborted);
        buffer.Position = 0;
        return TypedResults.File(buffer, format == "csv" ? TableFiles.CsvContentType : TableFiles.XlsxContentType,
            $"{k.Name}-template.{format}");
    }
}
