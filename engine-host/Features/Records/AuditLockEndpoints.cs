using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>Who may audit and un-audit (the audit right is separate from the edit right).</summary>
public interface IAuditRight
{
    bool MayAudit(HttpContext http);
}

/// <summary>The audit right of Supervisors and Admins.</summary>
public sealed class RoleAuditRight : IAuditRight
{
    public bool MayAudit(HttpContext http) => http.User.IsInRole(Identity.Roles.Admin) || http.User.IsInRole(Identity.Roles.Supervisor);
}

/// <summary><c>POST /api/{route}/{key}/audit</c> locks a finished record (审核完成); <c>…/unaudit</c> unlocks it.</summary>
public static class AuditLockEndpoints
{
    public static RouteGroupBuilder MapAuditLock<T, TInput>(this RouteGroupBuilder group, RecordApi<T, TInput> api)
        where T : AuditedRecord, IAuditLockable where TInput : class
    {
        Delegate audit = (string key, HttpContext http, DbContext db, TimeProvider time, IAuditActor actor, IAuditRight right,
            CancellationToken ct) => SetAsync(api, key, true, http, db, time, actor, right, ct);
        Delegate unaudit = (string key, HttpContext http, DbContext db, TimeProvider time, IAuditActor actor, IAuditRight right,
            CancellationToken ct) => SetAsync(api, key, false, http, db, time, actor, right, ct);
        group.MapPost("/{key}/audit", audit)
            .Produces<T>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary($"Audit a finished {api.Noun} (审核完成): it then refuses change and deletion until un-audited");
        group.MapPost("/{key}/unaudit", unaudit)
            .Produces<T>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary($"Un-audit a {api.Noun} so it can be changed again (needs the audit right)");
        return group;
    }

    private static async Task<IResult> SetAsync<T, TInput>(RecordApi<T, TInput> api, string key, bool audit, HttpContext http,
        DbContext db, TimeProvider time, IAuditActor actor, IAuditRight right, CancellationToken ct)
        where T : AuditedRecord, IAuditLockable where TInput : class
    {
        if (!right.MayAudit(http))
        {
            return TypedResults.Problem($"Auditing a {api.Noun} needs the audit right.", statusCode: 403, title: "Forbidden",
                type: ProblemTypes.For(403));
        }
        var record = await RecordEndpoints.FindAsync(api, key, db, true, ct);
        if (record is null)
            return RecordEndpoints.NotFound(api, key);
        if (audit)
        {
            if (record.AuditedAt is not null)
                return Problems.Conflict($"The {api.Noun} {key} was already audited by {record.AuditedBy} at {record.AuditedAt:O}.");
            if (record.NotReadyForAudit() is { } why)
                return Problems.Conflict(why);
            (record.AuditedAt, record.AuditedBy) = (time.GetUtcNow(), actor.Name);
        }
        else
        {
            if (record.AuditedAt is null)
                return Problems.Conflict($"The {api.Noun} {key} is not audited.");
            (record.AuditedAt, record.AuditedBy) = (null, null);
        }
        return await RecordEndpoints.SaveAsync(api, record, db, ct) ?? TypedResults.Ok(record);
    }
}
