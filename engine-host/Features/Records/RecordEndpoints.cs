using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>Maps a <see cref="RecordApi{T,TInput}"/> to <c>/api/{route}</c>: GET list, GET one, POST, PUT, DELETE.</summary>
public static class RecordEndpoints
{
    public static RouteGroupBuilder MapRecords<T, TInput>(this IEndpointRouteBuilder app, RecordApi<T, TInput> api)
        where T : AuditedRecord where TInput : class
    {
        // handlers as Delegate values: ASP.NET's route-handler analyzer fails on lambdas inside generic methods
        Delegate list = (HttpContext http, DbContext db, CancellationToken ct) => ListAsync(api, http, db, ct);
        Delegate get = (string key, DbContext db, CancellationToken ct) => GetAsync(api, key, db, ct);
        Delegate create = (TInput body, DbContext db, TimeProvider time, IServiceProvider sp, CancellationToken ct) =>
            CreateAsync(api, body, new RecordContext(db, time, sp, ct));
        Delegate update = (string key, TInput body, [FromHeader(Name = "If-Match")] string? ifMatch, DbContext db, TimeProvider time,
            IServiceProvider sp, CancellationToken ct) => UpdateAsync(api, key, body, ifMatch, new RecordContext(db, time, sp, ct));
        Delegate delete = (string key, DbContext db, CancellationToken ct) => DeleteAsync(api, key, db, ct);

        var group = app.MapGroup($"/api/{api.Route}").WithTags(api.Tag);
        group.MapGet("/", list).Produces<ListPage<T>>().ProducesValidationProblem()
            .WithSummary($"List {api.Route}: paged (page, pageSize ≤ {Lists.MaxPageSize}), filtered, sorted; ?format=csv|xlsx exports every match")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                foreach (var (name, description) in QueryParameters(api))
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = name,
                        In = ParameterLocation.Query,
                        Description = description,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                return Task.CompletedTask;
            });
        group.MapGet("/{key}", get).Produces<T>().ProducesProblem(404).WithSummary($"One {api.Noun}");
        group.MapPost("/", create).Produces<T>(201).ProducesValidationProblem().ProducesProblem(409).WithSummary($"Create a {api.Noun}");
        group.MapPut("/{key}", update).Produces<T>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(412)
            .WithSummary($"Replace a {api.Noun}; If-Match: \"<revision>\" refuses the change if someone saved meanwhile");
        if (api.Deletable)
            group.MapDelete("/{key}", delete).Produces(204).ProducesProblem(404).ProducesProblem(409).WithSummary($"Delete a {api.Noun}");
        return group;
    }

    private static readonly string[] ListParameters = ["page", "pageSize", "sort", "format", "lang"];

    private static HashSet<string> KnownParameters<T, TInput>(RecordApi<T, TInput> api) where T : AuditedRecord where TInput : class =>
        new(api.Filters.Select(f => f.Name).Concat(ListParameters), StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<(string, string)> QueryParameters<T, TInput>(RecordApi<T, TInput> api)
        where T : AuditedRecord where TInput : class =>
        api.Filters.Select(f => (f.Name, f.Description))
            .Append(("sort", $"One of {string.Join(", ", api.Sorts.Select(s => s.Name))}; prefix with - for descending."))
            .Append(("format", "json (default: one page), or csv / xlsx: every matching record as a file (CSV in UTF-8 with BOM)."))
            .Append(("lang", "Column headers of a csv / xlsx file: en (default) or zh."));

    private static async Task<IResult> ListAsync<T, TInput>(RecordApi<T, TInput> api, HttpContext http, DbContext db, CancellationToken ct)
        where T : AuditedRecord where TInput : class
    {
        var errors = new FieldErrors();
        var query = http.Request.Query;
        foreach (var unknown in query.Keys.Where(k => !KnownParameters(api).Contains(k)))
            errors.Add(unknown, $"'{unknown}' is not a filter of {api.Route}: one of {string.Join(", ", api.Filters.Select(f => f.Name))}.");
        var format = query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : "json";
        if (!RecordExport.Formats.Contains(format))
            errors.Add("format", $"'{format}' is not a format: json, csv or xlsx.");
        var lang = query["lang"].ToString() is { Length: > 0 } l ? l.ToLowerInvariant() : "en";
        if (lang is not ("en" or "zh"))
            errors.Add("lang", $"'{lang}' is not a language of the column headers: en or zh.");
        var page = PositiveInt(query["page"], "page", 1, errors);
        var pageSize = Math.Min(PositiveInt(query["pageSize"], "pageSize", Lists.DefaultPageSize, errors), Lists.MaxPageSize);
        var records = api.Scope(db.Set<T>().AsNoTracking());
        foreach (var filter in api.Filters)
        {
            if (query[filter.Name].ToString() is { Length: > 0 } raw)
                records = filter.Apply(records, raw, errors);
        }

        var sortText = query["sort"].ToString();
        var descending = sortText.StartsWith('-');
        var sortName = sortText.TrimStart('-', '+');
        var sort = sortName.Length == 0 ? api.Sorts[0] : api.Sorts.FirstOrDefault(s => s.Name.Equals(sortName, StringComparison.OrdinalIgnoreCase));
        if (sort is null)
            errors.Add("sort", $"'{sortText}' is not a sort key: one of {string.Join(", ", api.Sorts.Select(s => s.Name))}.");
        if (errors.Any)
            return Problems.Invalid(errors.ToDictionary());
        if (format != "json")
            return await RecordExport.ExportAsync(api, api.ThenByKey(sort!.Apply(records, descending)), format, lang, http, ct);

        var total = await records.CountAsync(ct);
        var items = await api.ThenByKey(sort!.Apply(records, descending)).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new ListPage<T>(items, page, pageSize, total));
    }

    private static int PositiveInt(string? raw, string field, int fallback, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(raw))
            return fallback;
        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1)
            return value;
        errors.Add(field, $"{field} must be a whole number from 1.");
        return fallback;
    }

    internal static async Task<T?> FindAsync<T, TInput>(RecordApi<T, TInput> api, string key, DbContext db, bool track, CancellationToken ct)
        where T : AuditedRecord where TInput : class
    {
        if (api.FindBy(key) is not { } predicate)
            return null;
        var set = track ? db.Set<T>() : db.Set<T>().AsNoTracking();
        return await set.FirstOrDefaultAsync(predicate, ct);
    }

    private static async Task<IResult> GetAsync<T, TInput>(RecordApi<T, TInput> api, string key, DbContext db, CancellationToken ct)
        where T : AuditedRecord where TInput : class =>
        await FindAsync(api, key, db, false, ct) is { } record ? TypedResults.Ok(record) : NotFound(api, key);

    private static async Task<IResult> CreateAsync<T, TInput>(RecordApi<T, TInput> api, TInput body, RecordContext context)
        where T : AuditedRecord where TInput : class
    {
        var record = await api.Apply(context, body, null);
        if (record is null || context.Errors.Any)
            return Problems.Invalid(context.Errors.ToDictionary());
        if (await api.CheckUniqueAsync(context.Db, record, context.CancellationToken) is { } clash)
            return clash;
        context.Db.Add(record);
        return await SaveAsync(api, record, context.Db, context.CancellationToken)
            ?? TypedResults.Created($"/api/{api.Route}/{api.KeyOf(record)}", record);
    }

    private static async Task<IResult> UpdateAsync<T, TInput>(RecordApi<T, TInput> api, string key, TInput body, string? ifMatch,
        RecordContext context) where T : AuditedRecord where TInput : class
    {
        var record = await FindAsync(api, key, context.Db, true, context.CancellationToken);
        if (record is null)
            return NotFound(api, key);
        if ((RecordApi<T, TInput>.Locked(record) ?? api.RefuseChange(record)) is { } why)
            return Problems.Conflict($"The {api.Noun} {key} cannot be changed: {why}.");
        if (Revisions.Check(ifMatch, record.Revision) is { } stale)
            return stale;
        var applied = await api.Apply(context, body, record);
        if (applied is null || context.Errors.Any)
            return Problems.Invalid(context.Errors.ToDictionary());
        if (await api.CheckUniqueAsync(context.Db, record, context.CancellationToken) is { } clash)
            return clash;
        return await SaveAsync(api, record, context.Db, context.CancellationToken) ?? TypedResults.Ok(record);
    }

    private static async Task<IResult> DeleteAsync<T, TInput>(RecordApi<T, TInput> api, string key, DbContext db, CancellationToken ct)
        where T : AuditedRecord where TInput : class
    {
        var record = await FindAsync(api, key, db, true, ct);
        if (record is null)
            return NotFound(api, key);
        if (RecordApi<T, TInput>.Locked(record) is { } why)
            return Problems.Conflict($"The {api.Noun} {key} cannot be deleted: {why}.");
        db.Remove(record);
        try
        {
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict($"The {api.Noun} {key} was changed or deleted meanwhile; read it again.");
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"The {api.Noun} {key} is still referenced by other records; remove those first.");
        }
    }

    /// <summary>Saves; a clash found only by the database's unique index, a stale revision or an audit lock is a 409.</summary>
    internal static async Task<IResult?> SaveAsync<T, TInput>(RecordApi<T, TInput> api, T record, DbContext db, CancellationToken ct)
        where T : AuditedRecord where TInput : class
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (RecordLockedException e)
        {
            return Problems.Conflict(e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict($"The {api.Noun} was changed by someone else meanwhile; read it again.");
        }
        catch (DbUpdateException)
        {
            // a clash only the database's unique index saw (two saves at once); anything else is not ours to explain
            if (await api.CheckUniqueAsync(db, record, ct) is { } clash)
                return clash;
            throw;
        }
    }

    internal static IResult NotFound<T, TInput>(RecordApi<T, TInput> api, string key)
        where T : AuditedRecord where TInput : class =>
        Problems.NotFound($"No {api.Noun} has the key '{key}'.");
}

/// <summary>If-Match: "&lt;revision&gt;" against a record's <see cref="AuditedRecord.Revision"/>.</summary>
public static class Revisions
{
    public static IResult? Check(string? ifMatch, int revision)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
            return null;
        var text = ifMatch.Trim().Replace("W/", "", StringComparison.Ordinal).Trim('"');
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expected))
            return Problems.Invalid("If-Match", "If-Match must be the record's revision, e.g. \"3\".");
        return expected == revision
            ? null
            : TypedResults.Problem($"The record is at revision {revision}, not {expected}: someone saved it meanwhile.",
                statusCode: 412, title: "Precondition failed", type: ProblemTypes.For(412));
    }
}
