using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.EngineHost.Features.Tasks;

/// <summary>
/// A comment by a person working a request (agents, supervisors, technicians): written on one of its tasks
/// (<see cref="TaskId"/> and <see cref="RequestId"/>) or on the request's page (<see cref="RequestId"/> only); a task
/// outside any request has its own (<see cref="TaskId"/> only). The request's thread is shown beside each of its tasks.
/// </summary>
public sealed class TaskCommentRecord
{
    public Guid Id { get; set; }
    public Guid? TaskId { get; set; }
    public Guid? RequestId { get; set; }
    public required string Author { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The version of a task a user last opened (or changed themselves): the task is unread for them when its version is newer,
/// or somebody else commented after <see cref="ReadAt"/>.
/// </summary>
public sealed class TaskReadRecord
{
    public required string Username { get; set; }
    public Guid TaskId { get; set; }
    public int Version { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}

/// <summary>
/// How far a user has read a comment thread (<see cref="ThreadId"/>: the service request's id, or the task's for a task
/// outside any request): comments by others written after <see cref="ReadAt"/> are new to them.
/// </summary>
public sealed class CommentReadRecord
{
    public required string Username { get; set; }
    public Guid ThreadId { get; set; }
    /// <summary>The time of the newest comment of the thread when the user last read it.</summary>
    public DateTimeOffset ReadAt { get; set; }
}

internal sealed class TaskCommentRecordConfiguration : IEntityTypeConfiguration<TaskCommentRecord>
{
    public void Configure(EntityTypeBuilder<TaskCommentRecord> e)
    {
        e.ToTable("task_comments");
        e.HasKey(x => x.Id);
        e.Property(x => x.Author).HasMaxLength(100);
        e.Property(x => x.Text).HasMaxLength(4000);
        e.HasIndex(x => new { x.TaskId, x.CreatedAt });
        e.HasIndex(x => new { x.RequestId, x.CreatedAt });
    }
}

internal sealed class TaskReadRecordConfiguration : IEntityTypeConfiguration<TaskReadRecord>
{
    public void Configure(EntityTypeBuilder<TaskReadRecord> e)
    {
        e.ToTable("task_reads");
        e.HasKey(x => new { x.Username, x.TaskId });
        e.Property(x => x.Username).HasMaxLength(100);
        e.HasIndex(x => x.TaskId);
    }
}

internal sealed class CommentReadRecordConfiguration : IEntityTypeConfiguration<CommentReadRecord>
{
    public void Configure(EntityTypeBuilder<CommentReadRecord> e)
    {
        e.ToTable("comment_reads");
        e.HasKey(x => new { x.Username, x.ThreadId });
        e.Property(x => x.Username).HasMaxLength(100);
    }
}
