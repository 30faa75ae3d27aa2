using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

public abstract record TaskCompletionResult
{
    public sealed record Accepted(HumanTaskRecord Task) : TaskCompletionResult;
    public sealed record NotFound : TaskCompletionResult;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : TaskCompletionResult;

    /// <summary>Completed (or cancelled) already, or changed since the version the caller saw: the task as it is now.</summary>
    public sealed record Conflict(HumanTaskRecord Task, string Message) : TaskCompletionResult;
}

/// <summary>
/// Completes a task: the task row moves Open → Completed by compare-and-swap on its version and the
/// resume dispatch is written in the same transaction, so of many concurrent completions exactly one
/// resumes the flow; the others get the first one's result.
/// </summary>
public sealed class TaskCompletion(DbContext db, WorkflowClient client, TimeProvider clock)
{
    public async Task<TaskCompletionResult> CompleteAsync(Guid taskId, string? outcome, JsonObject? data, int? expectedVersion,
        string? user, CancellationToken ct)
    {
        var task = await db.Set<HumanTaskRecord>().FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null)
            return new TaskCompletionResult.NotFound();
        if (task.Status != HumanTaskStatus.Open)
            return Conflict(task);
        if (expectedVersion is { } expected && expected != task.Version)
            return new TaskCompletionResult.Conflict(task, $"The task changed since you loaded it (version {task.Version}, you saw {expected}).");
        var outcomes = (JsonNode.Parse(task.Outcomes) as JsonArray ?? []).Select(o => o?.GetValue<string>()).ToList();
        if (string.IsNullOrWhiteSpace(outcome) || !outcomes.Contains(outcome))
            return new TaskCompletionResult.Invalid(new() { ["outcome"] = [$"Choose one of: {string.Join(", ", outcomes)}."] });
        var errors = FormFields.Validate(FormFields.Parse(task.FormFields), data);
        if (errors.Count > 0)
            return new TaskCompletionResult.Invalid(errors);

        task.Status = HumanTaskStatus.Completed;
        task.Outcome = outcome;
        task.ResultData = data?.ToJsonString();
        task.CompletedBy = user;
        task.Assignee ??= user; // completing an unclaimed task claims it
        task.CompletedAt = clock.GetUtcNow();
        task.Version++;
        client.Resume(task.InstanceId, BookmarkNames.HumanTask, task.Id.ToString(), data ?? [], outcome);
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            if (!await ClaimTimeoutAsync(task, ct))
            {
                if (tx is not null)
                    await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new TaskCompletionResult.Conflict(await db.Set<HumanTaskRecord>().AsNoTracking().FirstAsync(t => t.Id == taskId, ct),
                    "The task timed out before it was completed: its flow took TimedOut.");
            }
            await db.SaveChangesAsync(ct);
            if (tx is not null)
                await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Set<HumanTaskRecord>().AsNoTracking().FirstAsync(t => t.Id == taskId, ct);
            return Conflict(now);
        }
        return new TaskCompletionResult.Accepted(task);
    }

    /// <summary>
    /// A task with a timeout: its timer is claimed (marked fired, compare-and-swap) in the completion's transaction, so
    /// once the completion is accepted the timeout can no longer fire. False when the timer fired first.
    /// </summary>
    private async Task<bool> ClaimTimeoutAsync(HumanTaskRecord task, CancellationToken ct)
    {
        var execution = task.Id.ToString("N");
        var timers = db.Set<BookmarkRecord>().Where(b => b.InstanceId == task.InstanceId && b.ActivityInstanceId == execution && b.Name == BookmarkNames.Timeout);
        if (!await timers.AnyAsync(ct))
            return true;
        var claimed = await timers.Where(b => b.FiredAt == null).ExecuteUpdateAsync(s => s.SetProperty(b => b.FiredAt, clock.GetUtcNow()), ct);
        return claimed > 0;
    }

    private static TaskCompletionResult.Conflict Conflict(HumanTaskRecord task) => new(task, task.Status == HumanTaskStatus.Completed
        ? $"The task was already completed with '{task.Outcome}'{(task.CompletedBy is null ? "" : $" by {task.CompletedBy}")} at {task.CompletedAt:u}."
        : $"The task is {task.Status.ToString().ToLowerInvariant()}: its flow no longer waits for it.");
}
