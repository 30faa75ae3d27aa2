using Npgsql;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>
/// On PostgreSQL the timer firer skips a timer whose row another transaction holds (a burst completing the task the
/// timer guards) instead of waiting for it: waiting is what let a timer batch and a burst batch deadlock. SQLite has
/// one writer at a time and no row locks, so this is PostgreSQL's test.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TimerRowLockTestsOnPostgres(PostgresHost host) : PatternTest(host)
{
    [Fact]
    public async Task A_timer_whose_row_is_locked_is_skipped_not_waited_for_and_fires_once_the_lock_is_gone()
    {
        var instance = await RunAsync(Flow(Id("to-lock"),
            [
                A("start", "Start"),
                A("approve", "HumanTask", new() { ["title"] = "Accept?", ["outcomes"] = new System.Text.Json.Nodes.JsonArray("Yes"), ["timeout"] = "PT1H" }),
                A("accepted", "Log", new() { ["message"] = "accepted" }),
                A("expired", "Log", new() { ["message"] = "expired" }),
            ],
            "start.Done→approve", "approve.Yes→accepted", "approve.TimedOut→expired"));
        await TaskAsync(instance, "approve");

        await using (var holder = new NpgsqlConnection(Host.Database.ConnectionString))
        {
            await holder.OpenAsync();
            await using var tx = await holder.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand(
                "SELECT id FROM workflow_bookmarks WHERE instance_id = @i AND name = 'Timeout' FOR UPDATE", holder, tx))
            {
                lockRow.Parameters.AddWithValue("i", instance);
                Assert.NotNull(await lockRow.ExecuteScalarAsync());
            }

            // due now, but its row is held: the firer goes past it at once (it would block until the holder ends before)
            await Api.AdvanceAsync(TimeSpan.FromHours(1)).WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal("Suspended", await Api.StatusAsync(instance));
            await tx.RollbackAsync();
        }

        await Api.AdvanceAsync(TimeSpan.Zero);
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "approve:TimedOut", "expired:Done"], await TraceAsync(instance));
        await AssertNothingLeftAsync(instance);
    }
}
