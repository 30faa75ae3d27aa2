using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Products;

/// <summary>What the five custom fields of the installed base mean in the customer's trade; null: the field is unused.</summary>
public sealed record CustomFieldLabels(string? CustomField1, string? CustomField2, string? CustomField3, string? CustomField4,
    string? CustomField5);

internal static class CustomFieldEndpoints
{
    public static RouteGroupBuilder MapCustomFields(this RouteGroupBuilder group)
    {
        group.MapGet("/custom-fields", GetAsync).Produces<CustomFieldLabels>()
            .WithSummary("The labels of the five custom fields (e.g. 发动机号 engine number, 车架号 frame number)");
        group.MapPut("/custom-fields", SaveAsync).Produces<CustomFieldLabels>().ProducesValidationProblem()
            .WithSummary("Name the five custom fields; the change is in the audit trail (entity DomainSetting)");
        return group;
    }

    private static async Task<IResult> GetAsync(DbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Set<DomainSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.Key == DomainSetting.CustomFieldLabels, ct)
            is { } setting
            ? JsonSerializer.Deserialize<CustomFieldLabels>(setting.Value, JsonColumn.Options)
            : new CustomFieldLabels(null, null, null, null, null));

    private static async Task<IResult> SaveAsync(CustomFieldLabels labels, DbContext db, CancellationToken ct)
    {
        var e = new FieldErrors();
        var clean = new CustomFieldLabels(e.Optional("customField1", labels.CustomField1, 50), e.Optional("customField2", labels.CustomField2, 50),
            e.Optional("customField3", labels.CustomField3, 50), e.Optional("customField4", labels.CustomField4, 50),
            e.Optional("customField5", labels.CustomField5, 50));
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        var value = JsonSerializer.Serialize(clean, JsonColumn.Options);
        var setting = await db.Set<DomainSetting>().FirstOrDefaultAsync(s => s.Key == DomainSetting.CustomFieldLabels, ct);
        if (setting is null)
            db.Add(new DomainSetting { Key = DomainSetting.CustomFieldLabels, Value = value });
        else
            setting.Value = value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("The labels were changed meanwhile; read them again.");
        }
        return TypedResults.Ok(clean);
    }
}
