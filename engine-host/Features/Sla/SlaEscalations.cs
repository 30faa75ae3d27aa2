using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Email;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.EngineHost.Features.Requests;
using Orchestrator.EngineHost.Features.Webhooks;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Sla;

/// <summary>The <c>Sla</c> section: how often the escalation pump looks for due steps, and who a role is by email.</summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    /// <summary>Whether this host fires due escalation steps (several hosts may; each step fires once).</summary>
    public bool RunEscalations { get; set; } = true;

    /// <summary>The longest the pump sleeps before it looks again (it also wakes for the nearest due step it knows).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether this host runs the impact preview's evaluation over a few thousand made-up requests a moment after it started
    /// (see <see cref="SlaImpact.WarmUpAsync"/>), so that the first preview after a start is as fast as the next ones.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Role → more email addresses, for escalation steps with <c>emailTo: role:&lt;name&gt;</c> (besides the active users in the role).</summary>
    public Dictionary<string, List<string>> RoleEmails { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Fires due escalation steps. Each step is a row of <c>sla_escalations</c>; firing claims it with a compare-and-swap
/// (Pending → Fired) and writes the step's effects (outbox rows for email and webhooks, a raised priority, another team)
/// in the same transaction: a step fires once, on whichever host claims it, and a crash before the commit leaves it
/// pending for the next try — also after a restart.
/// </summary>
public sealed class SlaEscalationPump(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SlaOptions> options, StartupPasses startup,
    ILogger<SlaEscalationPump> log) : BackgroundService
{
    private const int Batch = 100;

    /// <summary>Fires every step due now; returns how many fired here. Tests call it after moving the clock.</summary>
    public async Task<int> FireDueAsync(CancellationToken ct)
    {
        var fired = 0;
        while (true)
        {
            List<Guid> due;
            var now = clock.GetUtcNow();
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<DbContext>();
                due = await db.Set<SlaEscalationRecord>().AsNoTracking()
                    .Where(x => x.Status == SlaEscalationState.Pending && x.DueAt != null && x.DueAt <= now)
                    .OrderBy(x => x.DueAt).Select(x => x.Id).Take(Batch).ToListAsync(ct);
            }

            var firedNow = 0;
            foreach (var id in due)
            {
                if (await FireAsync(id, now, ct))
                    firedNow++;
            }

            fired += firedNow;
            if (due.Count < Batch || firedNow == 0)
                return fired;
        }
    }

    private async Task<bool> FireAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Set<SlaEscalationRecord>()
            .Where(x => x.Id == id && x.Status == SlaEscalationState.Pending && x.DueAt != null && x.DueAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SlaEscalationState.Fired).SetProperty(x => x.FiredAt, now), ct);
        if (claimed == 0)
            return false;
        var timer = await db.Set<SlaEscalationRecord>().FirstAsync(x => x.Id == id, ct);
        var request = await db.Set<ServiceRequest>().FirstOrDefaultAsync(x => x.Id == timer.RequestId, ct);
        var store = scope.ServiceProvider.GetRequiredService<SlaPolicyStore>();
        var policy = await store.PublishedAsync(db, timer.PolicyId, timer.Version, ct);
        var step = policy is not null && timer.Step < policy.Escalations.Count ? policy.Escalations[timer.Step] : null;
        timer.Outcome = request is null ? "skipped: the request is gone"
            : request.AuditedAt is not null ? "skipped: the request is audited"
            : step is null ? "skipped: the policy version has no such step"
            : await ActAsync(db, store, timer, step, request, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("SLA escalation {Action} of {Request} ({Target}, step {Step}) fired: {Outcome}", timer.Action,
            request?.Number, timer.Target, timer.Step, timer.Outcome);
        return true;
    }

    private async Task<string> ActAsync(DbContext db, SlaPolicyStore store, SlaEscalationRecord timer, SlaEscalationStep step,
        ServiceRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var team = request.TeamId is { } teamId ? await db.Set<TeamRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct) : null;
        var due = Due(request, timer.Target);
        switch (step.Action)
        {
            case SlaActions.Warning or SlaActions.Breached:
                {
                    var data = new JsonObject
                    {
                        ["requestId"] = request.Id.ToString(),
                        ["requestNumber"] = request.Number,
                        ["target"] = timer.Target.ToString(),
                        ["dueAt"] = due?.ToString("O"),
                        ["trigger"] = step.When.ToString(),
                        ["priority"] = request.Priority.ToString(),
                        ["status"] = request.Status.ToString(),
                        ["team"] = team?.Code,
                        ["policyId"] = timer.PolicyId,
                        ["version"] = timer.Version,
                    };
                    var sent = await WebhookPublisher.PublishAsync(db, clock, step.Action, timer.Id.ToString("N"), data, ct);
                    return $"{step.Action} to {sent} subscription(s)";
                }

            case SlaActions.Email:
                {
                    var recipients = await RecipientsAsync(db, step.EmailTo!, team, ct);
                    if (recipients.Count == 0)
                        return $"no email: nobody is {step.EmailTo}";
                    var lead = await LeadAsync(db, team, ct);
                    var assignee = request.AssigneeId is { } a
                        ? await db.Set<TechnicianRecord>().AsNoTracking().Where(t => t.Id == a).Select(t => t.Name).FirstOrDefaultAsync(ct)
                        : null;
                    var percent = step.When is EscalationTrigger.AtPercent p ? p.Percent : 100;
                    var model = new JsonObject
                    {
                        ["requestNumber"] = request.Number,
                        ["priority"] = request.Priority.ToString(),
                        ["team"] = team?.Name ?? "-",
                        ["teamLeadName"] = lead?.Name ?? step.EmailTo,
                        ["percentUsed"] = percent,
                        ["target"] = timer.Target.ToString(),
                        ["dueAt"] = due?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                        ["currentStep"] = request.Status.ToString(),
                        ["assignee"] = assignee ?? "-",
                    };
                    foreach (var to in recipients)
                        EmailOutbox.Enqueue(db, clock, $"sla:{timer.Id:N}:{to}", to, step.Template ?? "sla-warning", model);
                    return $"emailed {string.Join(", ", recipients)}";
                }

            case SlaActions.RaisePriority:
                {
                    var before = request.Priority;
                    var target = step.Priority is { } named && Enum.TryParse<RequestPriority>(named, true, out var p)
                        ? p
                        : (RequestPriority)Math.Min((int)before + 1, (int)RequestPriority.Urgent);
                    if (target <= before)
                        return $"priority stays {before}";
                    request.Priority = target;
                    await RequestSla.RecomputeAsync(db, store, request, ct);
                    return $"priority {before} → {target}";
                }

            case SlaActions.Reassign:
                {
                    var to = await db.Set<TeamRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Code == step.Team, ct);
                    if (to is null)
                        return $"not reassigned: no team has the code {step.Team}";
                    if (to.Id == request.TeamId)
                        return $"stays with team {to.Code}";
                    (request.TeamId, request.AssigneeId) = (to.Id, null);
                    await RequestSla.RecomputeAsync(db, store, request, ct);
                    return $"reassigned from {team?.Code ?? "no team"} to {to.Code}";
                }

            default:
                return $"skipped: unknown action {step.Action}";
        }
    }

    private static DateTimeOffset? Due(ServiceRequest r, SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => r.FirstResponseDue,
        SlaTargetKind.OnSite => r.OnSiteDue,
        _ => r.ResolutionDue,
    };

    private static async Task<TechnicianRecord?> LeadAsync(DbContext db, TeamRecord? team, CancellationToken ct) =>
        team?.LeadCode is { } code ? await db.Set<TechnicianRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Code == code, ct) : null;

    private async Task<List<string>> RecipientsAsync(DbContext db, string emailTo, TeamRecord? team, CancellationToken ct)
    {
        if (emailTo == "team-lead")
            return await LeadAsync(db, team, ct) is { Email: { Length: > 0 } email } ? [email] : [];
        if (emailTo.StartsWith("role:", StringComparison.Ordinal))
        {
            var role = emailTo[5..];
            // the active users in the role (roles are a JSON list: read the few users, filter here), then Sla:RoleEmails
            var users = await db.Set<UserRecord>().AsNoTracking().Where(u => u.Active && u.Email != null)
                .Select(u => new { u.Email, u.Roles }).ToListAsync(ct);
            var configured = options.Value.RoleEmails.TryGetValue(role, out var list) ? list : [];
            return users.Where(u => u.Roles.Contains(role, StringComparer.OrdinalIgnoreCase)).Select(u => u.Email!)
                .Concat(configured).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }
        return [emailTo];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunEscalations)
            return;
        var firstPass = startup.Begin();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.PollInterval;
            try
            {
                await FireDueAsync(stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DbContext>();
                var next = await db.Set<SlaEscalationRecord>().AsNoTracking()
                    .Where(x => x.Status == SlaEscalationState.Pending && x.DueAt != null)
                    .OrderBy(x => x.DueAt).Select(x => x.DueAt).FirstOrDefaultAsync(stoppingToken);
                if (next is { } at && at - clock.GetUtcNow() < wait)
                    wait = at - clock.GetUtcNow();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Firing SLA escalations failed; retrying");
                wait = TimeSpan.FromSeconds(1);
            }
            firstPass.Done();

            try
            {
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
