using Orchestrator.Domain.Auditing;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>The audit trail's "who": the signed-in user's name, "anonymous" on an unauthenticated request, "system" outside one.</summary>
internal sealed class HttpAuditActor(IHttpContextAccessor accessor) : IAuditActor
{
    public string Name => accessor.HttpContext switch
    {
        null => "system",
        { User.Identity: { IsAuthenticated: true, Name: { Length: > 0 } name } } => name,
        _ => "anonymous",
    };
}
