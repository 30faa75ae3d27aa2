using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Imports;

public enum ImportStatus
{
    /// <summary>Uploaded, waiting for the import worker.</summary>
    Queued,

    /// <summary>Reading and checking every row; nothing is written yet.</summary>
    Validating,

    /// <summary>Every row was valid; writing them in one transaction.</summary>
    Writing,

    /// <summary>All rows were written (or, for a dry run, all rows are valid).</summary>
    Succeeded,

    /// <summary>Some rows were invalid: see the report; nothing was written.</summary>
    Rejected,

    /// <summary>The import broke off (a clash with a concurrent change, a restart); nothing was written.</summary>
    Failed,
}

/// <summary>One problem of an uploaded file: the row as a spreadsheet numbers it (the header is row 1), the column's header, and what is wrong.</summary>
public sealed record ImportRowError(int Row, string Column, string Message);

/// <summary>
/// An import of customers or installed products from a CSV or Excel file, as a durable job: the file, its status and
/// progress, and the validation report. All or nothing: the rows are written only when every row is valid, in one
/// transaction.
/// </summary>
public sealed class ImportJob
{
    public const int MaxReportedErrors = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary><c>customers</c> or <c>installed-products</c>.</summary>
    public required string Kind { get; set; }

    public required string FileName { get; set; }

    /// <summary><c>csv</c> or <c>xlsx</c>.</summary>
    public required string Format { get; set; }

    /// <summary>Only validate: report, write nothing.</summary>
    public bool DryRun { get; set; }

    public ImportStatus Status { get; set; }

    /// <summary>Data rows in the file (without the header), known once it was read.</summary>
    public int TotalRows { get; set; }

    /// <summary>Rows done in the current phase: checked while validating, written while writing.</summary>
    public int ProcessedRows { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    /// <summary>All problems found; <see cref="Errors"/> keeps the first <see cref="MaxReportedErrors"/>.</summary>
    public int ErrorCount { get; set; }

    public List<ImportRowError> Errors { get; set; } = [];

    /// <summary>Why a failed import broke off.</summary>
    public string? Message { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Last sign of life of the worker running it; a running job without one for minutes was interrupted.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    /// <summary>The uploaded file, kept until the import finished.</summary>
    public byte[]? Content { get; set; }

    public bool IsFinished => Status is ImportStatus.Succeeded or ImportStatus.Rejected or ImportStatus.Failed;
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> e)
    {
        e.ToTable("import_jobs");
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).HasMaxLength(32);
        e.Property(x => x.FileName).HasMaxLength(260);
        e.Property(x => x.Format).HasMaxLength(8);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Errors).AsJson();
        e.Property(x => x.Message).HasMaxLength(2000);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.Ignore(x => x.IsFinished);
        e.HasIndex(x => new { x.Status, x.CreatedAt });
        e.HasIndex(x => x.CreatedAt);
    }
}
