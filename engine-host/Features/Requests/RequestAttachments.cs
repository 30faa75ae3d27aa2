using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.EngineHost.Features.Tasks;
using Orchestrator.EngineHost.Features.Workspace;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>A file an agent, supervisor or technician attached to a service request: a scanned signed work order, a photo, an invoice.</summary>
public sealed class RequestAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ServiceRequestId { get; set; }
    public required string FileName { get; set; }

    /// <summary>The type read from the file's first bytes (never the type the browser claimed): image/png, image/jpeg, image/webp or application/pdf.</summary>
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>One attachment of a request: its own upload (<c>File</c>) or a visit's <c>Photo</c> / <c>Signature</c>.</summary>
/// <param name="FieldTaskId">The visit whose report carried it; null for a file attached to the request.</param>
/// <param name="CreatedByName">The uploader's display name (the username when the user is gone).</param>
/// <param name="Url">Where to view it (inline); add <c>?download=true</c> to save it.</param>
public sealed record RequestAttachmentView(Guid Id, string Kind, string Name, string ContentType, int Size, DateTimeOffset CreatedAt,
    string CreatedBy, string CreatedByName, Guid? FieldTaskId, string Url);

internal sealed class RequestAttachmentConfiguration : IEntityTypeConfiguration<RequestAttachment>
{
    public void Configure(EntityTypeBuilder<RequestAttachment> e)
    {
        e.ToTable("request_attachments");
        e.HasKey(x => x.Id);
        e.Property(x => x.FileName).HasMaxLength(RequestAttachments.MaxNameLength);
        e.Property(x => x.ContentType).HasMaxLength(64);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.ServiceRequestId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.ServiceRequestId, x.CreatedAt });
    }
}

/// <summary>
/// Attachments of a service request (docs/workspace.md): <c>POST /api/requests/{key}/attachments</c> (multipart, field
/// <c>file</c>, images and PDF only, each at most <see cref="MaxFileBytes"/>) stores the files and one audit entry each on the
/// request in one commit; <c>GET …/attachments</c> lists them with the photos and signatures of the request's visits;
/// <c>GET …/attachments/{id}</c> serves one as what its bytes are, with <c>nosniff</c>.
/// </summary>
internal static class RequestAttachments
{
    public const int MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 10;
    public const long MaxRequestBytes = 25L * 1024 * 1024;
    public const int MaxNameLength = 200;
    public const string Field = "file";

    public static void MapRequestAttachments(this RouteGroupBuilder requests)
    {
        requests.MapGet("/{key}/attachments", ListAsync).Produces<List<RequestAttachmentView>>().ProducesProblem(404)
            .WithSummary("The request's attachments, oldest first: files attached to it and the photos and signatures of its visits' reports");
        requests.MapPost("/{key}/attachments", UploadAsync) // multipart, read by hand: any other body is a 400 naming the field, not a 415
            .Produces<List<RequestAttachmentView>>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(413)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithSummary($"Attach files to the request (multipart, field 'file'; PNG, JPEG, WebP or PDF, at most {MaxFileBytes / 1024 / 1024} MB each, "
                + $"{MaxFiles} at a time); stored with an audit entry each in one commit")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = UploadBody();
                return Task.CompletedTask;
            });
        requests.MapGet("/{key}/attachments/{attachmentId:guid}", ReadAsync).Produces(200, contentType: "application/pdf").ProducesProblem(404)
            .WithSummary("One attachment, as the image or PDF it is (inline; ?download=true to save it)");
    }

    /// <summary>
    /// The upload's body as the OpenAPI document describes it (the handler reads the form itself, so ASP.NET cannot infer it):
    /// <c>multipart/form-data</c> with 1 to <see cref="MaxFiles"/> binary parts named <see cref="Field"/>, their types and
    /// size limits (also as <c>x-max-file-bytes</c> and <c>x-max-request-bytes</c>, for generators that read numbers).
    /// </summary>
    private static OpenApiRequestBody UploadBody() => new()
    {
        Required = true,
        Description = $"One or more parts named '{Field}' (at most {MaxFiles}): PNG, JPEG, WebP or PDF, judged by their first bytes; "
            + $"each at most {MaxFileBytes / 1024 / 1024} MB (larger: 413 naming '{Field}'), the whole body at most {MaxRequestBytes / 1024 / 1024} MB.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { Field },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        [Field] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array,
                            MinItems = 1,
                            MaxItems = MaxFiles,
                            Description = $"The files: image/png, image/jpeg, image/webp or application/pdf, at most {MaxFileBytes} bytes each.",
                            Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", MaxLength = MaxFileBytes },
                            Extensions = new Dictionary<string, IOpenApiExtension>
                            {
                                ["x-max-file-bytes"] = new JsonNodeExtension(JsonValue.Create(MaxFileBytes)),
                                ["x-max-request-bytes"] = new JsonNodeExtension(JsonValue.Create(MaxRequestBytes)),
                            },
                        },
                    },
                },
                Encoding = new Dictionary<string, OpenApiEncoding>
                {
                    [Field] = new() { ContentType = "image/png, image/jpeg, image/webp, application/pdf" },
                },
            },
        },
    };

    private static async Task<IResult> ListAsync(string key, DbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, key, ct) is not { } request)
            return NotFound(key);
        var own = await db.Set<RequestAttachment>().AsNoTracking().Where(a => a.ServiceRequestId == request.Id)
            .Select(a => new { a.Id, a.FileName, a.ContentType, Size = a.Content.Length, a.CreatedAt, a.CreatedBy }).ToListAsync(ct);
        var visits = await (from a in db.Set<FieldTaskAttachment>().AsNoTracking()
                            join t in db.Set<FieldTask>() on a.FieldTaskId equals t.Id
                            where t.ServiceRequestId == request.Id
                            select new { a.Id, a.FieldTaskId, a.Kind, a.ContentType, Size = a.Content.Length, a.CreatedAt, a.CreatedBy }).ToListAsync(ct);
        var authors = own.Select(a => a.CreatedBy).Concat(visits.Select(v => v.CreatedBy)).Distinct().ToList();
        var names = authors.Count == 0
            ? []
            : await db.Set<UserRecord>().AsNoTracking().Where(u => authors.Contains(u.Username)).ToDictionaryAsync(u => u.Username, u => u.DisplayName, ct);
        var views = own.Select(a => new RequestAttachmentView(a.Id, "File", a.FileName, a.ContentType, a.Size, a.CreatedAt, a.CreatedBy,
                names.GetValueOrDefault(a.CreatedBy, a.CreatedBy), null, $"/api/requests/{request.Number}/attachments/{a.Id}"))
            .Concat(visits.GroupBy(v => v.FieldTaskId).SelectMany(visit => visit.OrderBy(v => v.CreatedAt).Select((v, n) =>
                new RequestAttachmentView(v.Id, v.Kind, VisitFileName(v.Kind, n, v.ContentType), v.ContentType, v.Size, v.CreatedAt, v.CreatedBy,
                    names.GetValueOrDefault(v.CreatedBy, v.CreatedBy), v.FieldTaskId, $"/api/field-tasks/{v.FieldTaskId}/attachments/{v.Id}"))))
            .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id).ToList();
        return TypedResults.Ok(views);
    }

    /// <summary>signature.png, photo-2.jpg: a visit's images carry no name of their own.</summary>
    private static string VisitFileName(string kind, int n, string contentType) =>
        (kind == "Signature" ? "signature" : $"photo-{n}") + Extension(contentType);

    private static async Task<IResult> UploadAsync(string key, HttpRequest http, DbContext db, ClaimsPrincipal principal, TimeProvider clock,
        CancellationToken ct)
    {
        if (http.ContentLength > MaxRequestBytes)
            return TooLarge($"The upload is {http.ContentLength / 1024 / 1024} MB; at most {MaxRequestBytes / 1024 / 1024} MB at a time.");
        if (await FindAsync(db, key, ct) is not { } request)
            return NotFound(key);
        if (!http.HasFormContentType || http.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true)
            return Problems.Invalid(Field, "Send the files as multipart/form-data, each in a part named 'file'.");
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge($"The upload is larger than {MaxRequestBytes / 1024 / 1024} MB, the most taken at a time.");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Problems.Invalid(Field, $"The multipart body cannot be read: {e.Message}");
        }
        var files = form.Files.GetFiles(Field);
        if (files.Count == 0)
            return Problems.Invalid(Field, "Choose a file to attach (a part named 'file').");
        if (files.Count > MaxFiles)
            return Problems.Invalid(Field, $"At most {MaxFiles} files at a time.");
        var user = InboxUser.From(principal).Name;
        var now = clock.GetUtcNow();
        var stored = new List<RequestAttachment>();
        foreach (var file in files)
        {
            var name = CleanName(file.FileName);
            if (file.Length > MaxFileBytes)
                return TooLarge($"'{name}' is {file.Length / 1024} KB; a file is at most {MaxFileBytes / 1024 / 1024} MB.");
            if (file.Length == 0)
                return Problems.Invalid(Field, $"'{name}' is empty.");
            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
                await stream.ReadExactlyAsync(bytes, ct);
            if (Sniff(bytes) is not { } type)
                return Problems.Invalid(Field, $"'{name}' is not a PNG, JPEG or WebP image or a PDF; only those are taken.");
            // a millisecond apart (the coarsest time a provider keeps), so they read back in the order sent
            stored.Add(new RequestAttachment
            {
                ServiceRequestId = request.Id,
                FileName = name.Length > 0 ? name : "attachment" + Extension(type),
                ContentType = type,
                Content = bytes,
                CreatedAt = now.AddMilliseconds(stored.Count),
                CreatedBy = user,
            });
        }
        db.AddRange(stored);
        db.AddRange(stored.Select(a => new AuditEntry
        {
            EntityType = nameof(ServiceRequest),
            EntityId = request.Id.ToString(),
            Action = AuditAction.Updated,
            Actor = user,
            At = a.CreatedAt,
            Changes = JsonSerializer.Serialize(new[]
            {
                new FieldChange("attachment", null, new { id = a.Id, name = a.FileName, contentType = a.ContentType, size = a.Content.Length }),
            }, AuditInterceptor.Json),
        }));
        await db.SaveChangesAsync(ct);
        var display = await db.Set<UserRecord>().AsNoTracking().Where(u => u.Username == user).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? user;
        var url = $"/api/requests/{request.Number}/attachments";
        return TypedResults.Created(url, stored.Select(a => new RequestAttachmentView(a.Id, "File", a.FileName, a.ContentType, a.Content.Length,
            a.CreatedAt, user, display, null, $"{url}/{a.Id}")).ToList());
    }

    private static async Task<IResult> ReadAsync(string key, Guid attachmentId, bool? download, HttpResponse response, DbContext db,
        CancellationToken ct)
    {
        if (await FindAsync(db, key, ct) is not { } request)
            return NotFound(key);
        var a = await db.Set<RequestAttachment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && x.ServiceRequestId == request.Id, ct);
        if (a is null)
            return Problems.NotFound($"Request {request.Number} has no attachment {attachmentId}.");
        return Serve(response, a.Content, a.ContentType, a.FileName, download == true);
    }

    /// <summary>
    /// The bytes as the type they were checked to be, named, never sniffed into something else; images may not run anything
    /// (a sandboxing CSP), PDFs open in the browser's viewer.
    /// </summary>
    public static IResult Serve(HttpResponse response, byte[] content, string contentType, string fileName, bool download)
    {
        var disposition = new ContentDispositionHeaderValue(download ? "attachment" : "inline");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        if (contentType.StartsWith("image/", StringComparison.Ordinal))
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.Bytes(content, contentType);
    }

    /// <summary>What the file's first bytes say it is: PNG, JPEG, WebP or PDF; anything else (HTML, SVG, scripts, archives) is refused.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : b.StartsWith("%PDF-"u8) ? "application/pdf"
        : null;

    public static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        _ => "",
    };

    /// <summary>The name without any folder (either slash), control characters or surrounding blanks, at most <see cref="MaxNameLength"/> characters.</summary>
    private static string CleanName(string? raw)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name.Length <= MaxNameLength ? name : name[..(MaxNameLength - 10)] + name[^10..];
    }

    private static IResult TooLarge(string message) =>
        TypedResults.Problem(message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large",
            type: ProblemTypes.For(413), extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [Field] = [message] } });

    private static IResult NotFound(string key) => Problems.NotFound($"No service request has the id or number '{key}'.");

    private static async Task<ServiceRequest?> FindAsync(DbContext db, string key, CancellationToken ct)
    {
        var query = db.Set<ServiceRequest>().AsNoTracking();
        return Guid.TryParse(key, out var id)
            ? await query.FirstOrDefaultAsync(r => r.Id == id, ct)
            : await query.FirstOrDefaultAsync(r => r.Number == key.ToUpperInvariant(), ct);
    }
}
