using System.Text.Json.Nodes;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

internal static class NewInstance
{
    public static InstanceRecord Create(Guid id, DefinitionRecord version, JsonObject? input, string? correlationId,
        Guid? parent, bool sandbox, DateTimeOffset now) => new()
        {
            Id = id,
            DefinitionId = version.DefinitionId,
            DefinitionVersion = version.Version,
            DefinitionRecordId = version.Id,
            Status = InstanceStatus.Pending,
            CorrelationId = correlationId,
            ParentInstanceId = parent,
            Sandbox = sandbox,
            Input = (input ?? []).ToJsonString(),
            State = "{}",
            CreatedAt = now,
            UpdatedAt = now,
        };
}
