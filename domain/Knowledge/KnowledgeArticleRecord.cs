using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Knowledge;

public enum ArticleStatus
{
    /// <summary>Proposed from a resolved request, waiting for a curator; not searched.</summary>
    Draft,
    Published,
    Retired,
}

/// <summary>A knowledge-base article as stored (知识库条目); only published articles are searched.</summary>
public sealed class KnowledgeArticleRecord : AuditedRecord
{
    /// <summary><c>KB-000042</c> (the sample base uses <c>KB-0001</c>…), the article's key.</summary>
    public required string Id { get; set; }

    /// <summary>The key under the name the public API uses.</summary>
    public string ArticleId => Id;

    public required string Title { get; set; }

    public required string Symptom { get; set; }

    public required string Solution { get; set; }

    /// <summary><c>zh</c> or <c>en</c>.</summary>
    public required string Language { get; set; }

    public string? ProductLine { get; set; }

    public ArticleStatus Status { get; set; } = ArticleStatus.Published;

    /// <summary>How many resolved requests the article solved; raises its ranking gently.</summary>
    public int UsageCount { get; set; }

    /// <summary>The request the article was proposed from, for a draft written by auto-maintenance.</summary>
    public Guid? SourceRequestId { get; set; }

    public KnowledgeArticle ToArticle() => new(Id, Title, Symptom, Solution, Language, ProductLine, UsageCount);
}

internal sealed class KnowledgeArticleRecordConfiguration : IEntityTypeConfiguration<KnowledgeArticleRecord>
{
    public void Configure(EntityTypeBuilder<KnowledgeArticleRecord> e)
    {
        e.ToTable("knowledge_articles");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(32);
        e.Ignore(x => x.ArticleId);
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.Symptom).HasMaxLength(4000);
        e.Property(x => x.Solution).HasMaxLength(8000);
        e.Property(x => x.Language).HasMaxLength(8);
        e.Property(x => x.ProductLine).HasMaxLength(64);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(x => new { x.Status, x.UpdatedAt });
        e.HasIndex(x => x.ProductLine);
        e.HasIndex(x => x.SourceRequestId);
    }
}
