namespace Orchestrator.Workflows.Activities;

/// <summary>
/// An activity type: a stateless class with its descriptor. One instance serves every flow; what
/// an execution needs comes through the <see cref="ActivityContext"/>.
/// </summary>
public abstract class Activity
{
    public abstract ActivityDescriptor Descriptor { get; }

    /// <summary>Runs when a path reaches the activity.</summary>
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>Runs when a stimulus matches one of the bookmarks the activity left.</summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus) =>
        ValueTask.FromResult(ActivityResult.Done(stimulus.Outcome ?? "Done", stimulus.Payload));

    /// <summary>
    /// Runs when the activity's wait is withdrawn without a stimulus (the instance is cancelled, a
    /// deferred choice or timeout took another path): undo what waiting created (a task, a child flow).
    /// </summary>
    public virtual ValueTask WithdrawAsync(ActivityContext context) => ValueTask.CompletedTask;
}
