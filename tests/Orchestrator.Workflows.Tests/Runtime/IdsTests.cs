using System.Collections.Concurrent;

namespace Orchestrator.Workflows.Tests.Runtime;

/// <summary>
/// Instance, bookmark, task and log ids come from <see cref="Ids.NewGuid"/>: version 7, ordered by creation time (so a
/// database appends them to its indexes), never repeated; correlation keys from <see cref="Ids.NewRandom"/>: version 4.
/// </summary>
public class IdsTests
{
    [Fact]
    public void Row_ids_are_version_7_with_the_time_they_were_made_and_correlation_keys_are_version_4()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = Enumerable.Range(0, 1_000).Select(_ => Ids.NewGuid().ToString("D")).ToList();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var text in ids)
        {
            Assert.Equal('7', text[14]);
            Assert.Contains(text[19], "89ab");
            Assert.InRange(Convert.ToInt64(text[..8] + text[9..13], 16), before, after);
        }
        for (var i = 0; i < 1_000; i++)
        {
            var key = Ids.NewRandom().ToString("D");
            Assert.Equal('4', key[14]);
            Assert.Contains(key[19], "89ab");
        }
    }

    [Fact]
    public async Task Row_ids_made_later_sort_after_as_text_and_as_bytes()
    {
        var first = Ids.NewGuid();
        await Task.Delay(5);
        var second = Ids.NewGuid();
        // SQLite keeps them as upper-case text, PostgreSQL as 16 bytes compared in order
        Assert.True(string.CompareOrdinal(first.ToString().ToUpperInvariant(), second.ToString().ToUpperInvariant()) < 0);
        Assert.True(first.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(second.ToByteArray(bigEndian: true)) < 0);
        Assert.True(first.CompareTo(second) < 0);
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
        // random after the time, not counted: about half of the 74 random bits differ between two ids of one millisecond
        var a = Ids.NewGuid().ToByteArray(bigEndian: true);
        var b = Ids.NewGuid().ToByteArray(bigEndian: true);
        var differing = a.Zip(b).Skip(6).Sum(p => System.Numerics.BitOperations.PopCount((uint)(p.First ^ p.Second)));
        Assert.InRange(differing, 15, 60);
        var k1 = Ids.NewRandom().ToByteArray();
        var k2 = Ids.NewRandom().ToByteArray();
        Assert.InRange(k1.Zip(k2).Sum(p => System.Numerics.BitOperations.PopCount((uint)(p.First ^ p.Second))), 30, 98);
    }
}
