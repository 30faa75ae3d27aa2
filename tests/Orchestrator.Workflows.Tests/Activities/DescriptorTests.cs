using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Activities.BuiltIn;
using static Orchestrator.Workflows.Tests.Flows;

namespace Orchestrator.Workflows.Tests.Activities;

/// <summary>The designer builds its palette and property editors from the descriptors alone: they must be complete.</summary>
public class DescriptorTests
{
    public static TheoryData<string> Types => new(BuiltIns().Select(a => a.Descriptor.Type));

    private static ActivityDescriptor Descriptor(string type) => Registry.Find(type)!.Descriptor;

    [Fact]
    public void The_tests_know_every_activity_the_engine_registers()
    {
        var registered = new ServiceCollection().AddWorkflows()
            .Where(s => s.ServiceType == typeof(Activity)).Select(s => s.ImplementationType!.Name).Order();

        Assert.Equal(registered, BuiltIns().Select(a => a.GetType().Name).Order());
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void A_builtin_activity_has_a_type_category_display_name_and_description(string type)
    {
        var d = Descriptor(type);

        Assert.False(string.IsNullOrWhiteSpace(d.Category));
        Assert.False(string.IsNullOrWhiteSpace(d.DisplayName));
        Assert.False(string.IsNullOrWhiteSpace(d.Description));
        Assert.Equal(Registry.Find(type)!.GetType().Name, d.Type);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_input_has_a_unique_name_a_display_name_and_a_ui_hint(string type)
    {
        var inputs = Descriptor(type).Inputs;

        Assert.All(inputs, i => Assert.False(string.IsNullOrWhiteSpace(i.DisplayName), $"{type}.{i.Name} has no display name"));
        Assert.All(inputs, i => Assert.False(string.IsNullOrWhiteSpace(i.UiHint), $"{type}.{i.Name} has no UI hint"));
        Assert.Equal(inputs.Count, inputs.Select(i => i.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void A_dropdown_offers_choices_and_its_default_is_one_of_them(string type)
    {
        foreach (var input in Descriptor(type).Inputs.Where(i => i.UiHint == "dropdown"))
        {
            Assert.NotEmpty(input.Choices ?? []);
            if (input.Default is { } d)
                Assert.Contains(d.GetValue<string>(), input.Choices!);
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Required_outcomes_are_outcomes_and_an_outcomes_input_exists(string type)
    {
        var d = Descriptor(type);

        Assert.All(d.RequiredOutcomes, o => Assert.Contains(o, d.Outcomes));
        if (d.OutcomesInput is { } name)
            Assert.Contains(d.Inputs, i => i.Name == name);
    }

    [Fact]
    public void Activities_that_wait_are_marked_blocking_and_start_is_the_trigger()
    {
        var byKind = BuiltIns().Select(a => a.Descriptor).ToLookup(d => d.Kind, d => d.Type);

        Assert.Equal(["Delay", "EnterSection", "ForEach", "HttpRequest", "HumanTask", "SubWorkflow", "WaitForEvent"], byKind[ActivityKind.Blocking].Order());
        Assert.Equal(["Start"], byKind[ActivityKind.Trigger]);
        Assert.DoesNotContain("Start", byKind[ActivityKind.Action]);
    }

    [Fact]
    public void Two_activities_cannot_claim_the_same_type_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ActivityRegistry([new Log(), new Log()]));

        Assert.Contains("'Log'", error.Message);
    }
}
