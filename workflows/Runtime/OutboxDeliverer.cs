using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Delivers the outbox after commit, at least once: claims due rows, hands each to the channel registered
/// for its name, marks it delivered or schedules a retry with exponential backoff for up to
/// <see cref="OutboxOptions.RetryFor"/>, then dead-letters it (kept, visible, redeliverable). Woken in-process
/// after a commit that wrote a message; polls as the fallback (retries that became due, other nodes).
/// </summary>
public sealed class OutboxDeliverer(IServiceScopeFactory scopes, IEnumerable<IOutboxChannel> channels, OutboxSignal signal,
    TimeProvider clock, IOptions<OutboxOptions> options, IOptions<WorkflowOptions> workflow, StartupPasses startup, ILogger<OutboxDeliverer> log)
    : BackgroundService
{
    private readonly Dictionary<string, IOutboxChannel> _channels =
        channels.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Rows this process is attempting now: a claim that comes back for one (its lease ran out while the channel
    /// was still sending, or a test moved the clock past it) does not send it a second time from here.</summary>
    private readonly ConcurrentDictionary<Guid, byte> _inFlight = new();

    public IReadOnlyCollection<string> Channels => _channels.Keys;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled && workflow.Value.RunDispatcher ? LoopAsync(stoppingToken) : Task.CompletedTask;

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var firstPass = startup.Begin();
        while (!stoppingToken.IsCancellationRequested)
        {
            int delivered;
            try
            {
                delivered = await DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Claiming outbox messages failed; retrying");
                delivered = 0;
            }
            firstPass.Done();
            if (delivered > 0)
                continue;
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims one batch of due messages and attempts each; returns how many were attempted. Tests call it after moving the clock.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        List<Guid> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            claimed = await OutboxClaimer.ClaimAsync(db, clock.GetUtcNow(), o.Lease, o.ClaimBatch, cancellationToken);
        }
        if (claimed.Count == 0)
            return 0;
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = CancellationToken.None },
            async (id, _) => await AttemptAsync(id, cancellationToken));
        return claimed.Count;
    }

    private async Task AttemptAsync(Guid id, CancellationToken stoppingToken)
    {
        if (!_inFlight.TryAdd(id, 0))
            return;
        try
        {
            await AttemptOnceAsync(id, stoppingToken);
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
        }
    }

    private async Task AttemptOnceAsync(Guid id, CancellationToken stoppingToken)
    {
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var row = await db.Set<OutboxRecord>().FirstOrDefaultAsync(r => r.Id == id, CancellationToken.None);
        if (row is null || row.Status != OutboxStatus.Pending)
            return;
        var payload = JsonNode.Parse(row.Payload) as JsonObject ?? [];
        var message = new OutboxMessage
        {
            Id = row.Id,
            Channel = row.Channel,
            Payload = payload,
            IdempotencyKey = row.IdempotencyKey,
            InstanceId = row.InstanceId,
            ActivityId = row.ActivityId,
            Attempt = row.Attempts,
            IsLastAttempt = OutboxSchedule.IsLast(row.Attempts, o),
            CreatedAt = row.CreatedAt,
        };
        OutboxAttemptResult result;
        if (!_channels.TryGetValue(row.Channel, out var channel))
        {
            result = OutboxAttemptResult.Transient($"No channel named '{row.Channel}' is registered in this host.");
            channel = null;
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(o.AttemptTimeout);
            try
            {
                result = await channel.DeliverAsync(message, timeout.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // shutting down: the claim's lease runs out and the row is tried again
            }
            catch (OperationCanceledException)
            {
                result = OutboxAttemptResult.Transient($"The attempt took longer than {o.AttemptTimeout.TotalSeconds:0} s.");
            }
            catch (Exception e)
            {
                result = OutboxAttemptResult.Transient(e.Message);
            }
        }

        var now = clock.GetUtcNow();
        var changed = payload.ToJsonString();
        if (changed != row.Payload)
            row.Payload = changed;
        switch (result)
        {
            case OutboxAttemptResult.Delivered d:
                row.Status = OutboxStatus.Delivered;
                row.DeliveredAt = now;
                row.LastError = Clip(d.Note);
                log.LogInformation("Outbox {Channel} message {OutboxId} delivered on attempt {Attempt}", row.Channel, row.Id, row.Attempts);
                break;
            case OutboxAttemptResult.Retry r when !message.IsLastAttempt:
                row.NextAttemptAt = now + OutboxSchedule.DelayAfter(row.Attempts, o);
                row.LastError = Clip(r.Error);
                log.LogWarning("Outbox {Channel} message {OutboxId} failed attempt {Attempt}, next at {NextAttemptAt}: {Error}",
                    row.Channel, row.Id, row.Attempts, row.NextAttemptAt, r.Error);
                break;
            default:
                var error = result switch
                {
                    OutboxAttemptResult.Retry r => $"Gave up after {row.Attempts} attempts: {r.Error}",
                    OutboxAttemptResult.Failed f => f.Error,
                    _ => "failed",
                };
                if (channel is not null)
                {
                    try
                    {
                        await channel.GiveUpAsync(message, error, stoppingToken);
                    }
                    catch (Exception e)
                    {
                        // leave the row claimed: the lease runs out and the whole attempt comes again
                        log.LogError(e, "Outbox {Channel} message {OutboxId} could not be given up; it comes back after its lease", row.Channel, row.Id);
                        return;
                    }
                }
                row.Status = OutboxStatus.Dead;
                row.LastError = Clip(error);
                log.LogError("Outbox {Channel} message {OutboxId} dead-lettered: {Error}", row.Channel, row.Id, error);
                break;
        }
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Outbox message {OutboxId}: the result of attempt {Attempt} was not stored; it is tried again after its lease",
                row.Id, row.Attempts);
        }
    }

    private static string? Clip(string? text) => text is null || text.Length <= 4000 ? text : text[..4000];
}
