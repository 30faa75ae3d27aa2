using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Workspace;

/// <summary>A photo taken on a visit, or the customer's signature drawn on the technician's screen (业户签字).</summary>
public sealed class FieldTaskAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FieldTaskId { get; set; }

    /// <summary>Photo or Signature.</summary>
    public required string Kind { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

public sealed record FieldTaskAttachmentView(Guid Id, string Kind, string ContentType, int Size, DateTimeOffset CreatedAt, string CreatedBy, string Url);

internal sealed class FieldTaskAttachmentConfiguration : IEntityTypeConfiguration<FieldTaskAttachment>
{
    public void Configure(EntityTypeBuilder<FieldTaskAttachment> e)
    {
        e.ToTable("field_task_attachments");
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).HasMaxLength(16);
        e.Property(x => x.ContentType).HasMaxLength(64);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.HasOne<Domain.FieldTasks.FieldTask>().WithMany().HasForeignKey(x => x.FieldTaskId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.FieldTaskId);
    }
}

/// <summary>Photos and the signature of a visit: sent with the report as data URLs, stored in the report's commit, read back one by one.</summary>
internal static class FieldTaskAttachments
{
    public const int MaxPhotos = 6;
    public const int MaxBytes = 2 * 1024 * 1024;
    private static readonly string[] Types = ["image/png", "image/jpeg", "image/webp"];

    public static IEndpointRouteBuilder MapFieldTaskAttachments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/field-tasks/{id:guid}/attachments").WithTags("Field tasks");
        group.MapGet("/", ListAsync).Produces<List<FieldTaskAttachmentView>>()
            .WithSummary("The photos and the signature a visit's report carried");
        group.MapGet("/{attachmentId:guid}", ReadAsync).Produces(200, contentType: "image/png").ProducesProblem(404)
            .WithSummary("One photo or signature, as the image it is");
        return app;
    }

    /// <summary>Checks the report's signature and photos (naming the field) and adds them to the context, unsaved.</summary>
    public static void Stage(DbContext db, FieldErrors e, Guid fieldTaskId, string? signature, IReadOnlyList<string?>? photos, string by,
        DateTimeOffset now)
    {
        var staged = new List<FieldTaskAttachment>();
        // a millisecond apart (the coarsest time a provider keeps), so they read back in the order sent, the signature first
        DateTimeOffset At() => now.AddMilliseconds(staged.Count);
        if (!string.IsNullOrWhiteSpace(signature) && Decode(e, "signature", signature) is { } s)
            staged.Add(new() { FieldTaskId = fieldTaskId, Kind = "Signature", ContentType = s.Type, Content = s.Bytes, CreatedAt = At(), CreatedBy = by });
        photos ??= [];
        if (photos.Count > MaxPhotos)
            e.Add("photos", $"At most {MaxPhotos} photos per report.");
        for (var n = 0; n < Math.Min(photos.Count, MaxPhotos); n++)
        {
            if (Decode(e, $"photos[{n}]", photos[n]) is { } p)
                staged.Add(new() { FieldTaskId = fieldTaskId, Kind = "Photo", ContentType = p.Type, Content = p.Bytes, CreatedAt = At(), CreatedBy = by });
        }
        if (!e.Any)
            db.AddRange(staged);
    }

    private static (string Type, byte[] Bytes)? Decode(FieldErrors e, string field, string? dataUrl)
    {
        const string Message = "An image as a data URL: data:image/png|jpeg|webp;base64,…";
        var comma = dataUrl?.IndexOf(',') ?? -1;
        if (dataUrl is null || !dataUrl.StartsWith("data:", StringComparison.Ordinal) || comma < 0
            || !dataUrl[..comma].EndsWith(";base64", StringComparison.Ordinal))
        {
            e.Add(field, Message);
            return null;
        }
        var type = dataUrl[5..comma][..^";base64".Length].ToLowerInvariant();
        if (!Types.Contains(type))
        {
            e.Add(field, $"'{type}' is not an image type taken: png, jpeg or webp.");
            return null;
        }
        var bytes = new byte[dataUrl.Length - comma];
        if (!Convert.TryFromBase64String(dataUrl[(comma + 1)..], bytes, out var length) || length == 0)
        {
            e.Add(field, Message);
            return null;
        }
        if (length > MaxBytes)
        {
            e.Add(field, $"The image is {length / 1024} KB; at most {MaxBytes / 1024} KB.");
            return null;
        }
        return (type, bytes[..length]);
    }

    private static async Task<IResult> ListAsync(Guid id, DbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Set<FieldTaskAttachment>().AsNoTracking().Where(a => a.FieldTaskId == id).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new FieldTaskAttachmentView(a.Id, a.Kind, a.ContentType, a.Content.Length, a.CreatedAt, a.CreatedBy,
                "/api/field-tasks/" + id + "/attachments/" + a.Id))
            .ToListAsync(ct));

    private static async Task<IResult> ReadAsync(Guid id, Guid attachmentId, bool? download, HttpResponse response, DbContext db, CancellationToken ct)
    {
        var a = await db.Set<FieldTaskAttachment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && x.FieldTaskId == id, ct);
        return a is null
            ? Problems.NotFound($"Field task {id} has no attachment {attachmentId}.")
            : Requests.RequestAttachments.Serve(response, a.Content, a.ContentType, a.Kind.ToLowerInvariant() + Requests.RequestAttachments.Extension(a.ContentType), download == true);
    }
}
