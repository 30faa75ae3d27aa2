using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost;
using Orchestrator.Workflows;
using Orchestrator.Workflows.Activities;

var app = await OrchestratorApp.BuildAsync(args, b => b.Services.AddActivity<CountStep>());
app.Run();

/// <summary>Inserts a row keyed by instance and step, inside the burst's transaction: a doubled row is a doubled effect.</summary>
internal sealed class CountStep : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Test.CountStep",
        Category = "Test",
        DisplayName = "Count step",
        Description = "Inserts (instance, step) into crash_steps.",
        Inputs = [new("step", "Step", "number", Required: true), new("workMs", "Work (ms)", "number")],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var step = (int)(context.InputNumber("step") ?? 0);
        // some work inside the burst, so a kill finds bursts half done and a backlog waiting
        await Task.Delay(TimeSpan.FromMilliseconds(context.InputNumber("workMs") ?? 0), context.Cancellation);
        await context.Db.Database.ExecuteSqlAsync(
            $"INSERT INTO crash_steps (instance_id, step) VALUES ({context.Instance.Id.ToString()}, {step})", context.Cancellation);
        return ActivityResult.Done("Done");
    }
}
