using System.Collections.Concurrent;

namespace Orchestrator.Workflows.Tests.Runtime;

/// <summary>Instance, bookmark and activity-execution ids come from <see cref="Ids"/>: random, version 4, never repeated.</summary>
public class IdsTests
{
    [Fact]
    public void Ids_are_version_4_guids_with_the_standard_variant()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var text = Ids.NewGuid().ToString("D");
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
        }
    }

    [Fact]
    public void Ids_from_many_threads_never_repeat_and_are_not_a_sequence()
    {
        var seen = new ConcurrentDictionary<Guid, byte>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 20_000; i++)
                Assert.True(seen.TryAdd(Ids.NewGuid(), 0));
        });
        Assert.Equal(160_000, seen.Count);
        // random, not counted: about half of the 122 random bits differ between two ids
        var a = Ids.NewGuid().ToByteArray();
        var b = Ids.NewGuid().ToByteArray();
        var differing = a.Zip(b).Sum(p => System.Numerics.BitOperations.PopCount((uint)(p.First ^ p.Second)));
        Assert.InRange(differing, 30, 98);
    }
}
