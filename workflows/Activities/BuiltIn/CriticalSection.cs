using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Enters a named critical section of the instance: the path goes on at once when the section is free, otherwise it
/// waits its turn (first come, first served). Paths between EnterSection and LeaveSection of one name never run at
/// the same time — a critical section, or tasks done in any order but one at a time (interleaving).
/// </summary>
public sealed class EnterSection : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "EnterSection",
        Category = "Flow",
        DisplayName = "Enter critical section",
        Description = "Waits until no other path of the instance is inside the named section, then enters it.",
        Kind = ActivityKind.Blocking,
        Inputs = [new("section", "Section", "string", "singleline", Required: true, ExpressionAllowed: false)],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.InputString("section")!;
        var queue = context.Section(name);
        queue.Add(context.ActivityInstanceId);
        return ValueTask.FromResult(queue.Count == 1
            ? ActivityResult.Done("Done")
            : ActivityResult.Suspend(new BookmarkRequest(BookmarkNames.SectionPrefix + name, context.ActivityInstanceId)));
    }

    public override ValueTask WithdrawAsync(ActivityContext context)
    {
        // a waiter withdrawn (timeout, cancelled region) gives up its place in the queue
        context.Section(context.InputString("section")!).Remove(context.ActivityInstanceId);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Leaves a critical section; the next path waiting for it enters in the same step.</summary>
public sealed class LeaveSection : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "LeaveSection",
        Category = "Flow",
        DisplayName = "Leave critical section",
        Description = "Leaves the named section; the next path waiting to enter it goes on.",
        Inputs = [new("section", "Section", "string", "singleline", Required: true, ExpressionAllowed: false)],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.InputString("section")!;
        var queue = context.Section(name);
        if (queue.Count > 0)
            queue.RemoveAt(0);
        if (queue.Count > 0)
            context.ResumeBookmark(BookmarkNames.SectionPrefix + name, queue[0]);
        return ValueTask.FromResult(ActivityResult.Done("Done"));
    }
}
