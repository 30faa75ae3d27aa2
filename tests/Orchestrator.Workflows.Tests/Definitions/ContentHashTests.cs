using Orchestrator.Workflows.Definitions;
using static Orchestrator.Workflows.Tests.Flows;

namespace Orchestrator.Workflows.Tests.Definitions;

public class ContentHashTests
{
    private static readonly WorkflowDefinition Original = Valid() with
    {
        Activities = Valid().Activities.Select((a, i) => a with { Position = new(i * 200, 0) }).ToList(),
    };

    private static string Hash(WorkflowDefinition d) => DefinitionJson.ContentHash(d);

    [Fact]
    public void The_hash_is_a_sha256_in_lowercase_hex_and_repeatable()
    {
        Assert.Matches("^[0-9a-f]{64}$", Hash(Original));
        Assert.Equal(Hash(Original), Hash(DefinitionJson.Deserialize(DefinitionJson.Serialize(Original))));
    }

    [Fact]
    public void Moving_activities_on_the_canvas_keeps_the_hash()
    {
        var moved = Original with { Activities = Original.Activities.Select(a => a with { Position = new(a.Position!.X + 37, 400) }).ToList() };
        var unplaced = Original with { Activities = Original.Activities.Select(a => a with { Position = null }).ToList() };

        Assert.Equal(Hash(Original), Hash(moved));
        Assert.Equal(Hash(Original), Hash(unplaced));
    }

    [Fact]
    public void Id_version_and_status_do_not_change_the_hash() =>
        Assert.Equal(Hash(Original), Hash(Original with { DefinitionId = "copy", Version = 7, Status = DefinitionStatus.Published }));

    [Fact]
    public void Changing_an_input_changes_the_hash()
    {
        var changed = Original with
        {
            Activities = Original.Activities.Select(a => a.Id == "check"
                ? a with { Inputs = new() { ["condition"] = Expr("input.amount > 2000") } }
                : a).ToList(),
        };

        Assert.NotEqual(Hash(Original), Hash(changed));
    }

    [Fact]
    public void Changing_a_connection_changes_the_hash()
    {
        var changed = Original with { Connections = [.. Original.Connections.SkipLast(1), C("review.Reject→check")] };

        Assert.NotEqual(Hash(Original), Hash(changed));
    }
}
