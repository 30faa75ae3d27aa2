using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>What a record's create/update code works with: the database, the clock, the field errors found so far.</summary>
public sealed class RecordContext(DbContext db, TimeProvider time, IServiceProvider services, CancellationToken cancellationToken)
{
    public DbContext Db { get; } = db;
    public TimeProvider Time { get; } = time;
    public IServiceProvider Services { get; } = services;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public FieldErrors Errors { get; } = new();

    public DateTimeOffset Now => Time.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>The referenced record, read without tracking; a field error naming <paramref name="field"/> when there is none.</summary>
    public async Task<T?> Reference<T>(string field, Guid? id) where T : GuidRecord
    {
        if (id is null)
            return null;
        var found = await Db.Set<T>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, CancellationToken);
        if (found is null)
            Errors.Add(field, $"No {Noun<T>()} has the id {id}.");
        return found;
    }

    /// <summary>A required reference: a field error when missing or unknown.</summary>
    public async Task<T?> Required<T>(string field, Guid? id) where T : GuidRecord
    {
        if (id is null || id == Guid.Empty)
        {
            Errors.Add(field, $"{field} is required.");
            return null;
        }
        return await Reference<T>(field, id);
    }

    private static string Noun<T>() => Domain.Auditing.AuditInterceptor.TypeName(typeof(T)).ToLowerInvariant();
}
