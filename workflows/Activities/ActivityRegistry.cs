namespace Orchestrator.Workflows.Activities;

/// <summary>Every activity type the host registered, by type name.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, Activity> _byType;

    public ActivityRegistry(IEnumerable<Activity> activities)
    {
        _byType = new Dictionary<string, Activity>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            if (!_byType.TryAdd(activity.Descriptor.Type, activity))
                throw new InvalidOperationException($"Two activities claim the type name '{activity.Descriptor.Type}'.");
        }
    }

    public Activity? Find(string type) => _byType.GetValueOrDefault(type);

    public IReadOnlyCollection<ActivityDescriptor> Descriptors =>
        _byType.Values.Select(a => a.Descriptor).OrderBy(d => d.Category).ThenBy(d => d.DisplayName).ToList();
}
