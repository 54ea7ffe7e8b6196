using Lodestar.Common;
using System.Text.Json;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Web.Audit;

public sealed record AuditItem(DateTime At, string User, string Action, string Entity, string Key, JsonElement? Before, JsonElement? After);

public sealed record AuditFilter(string? Entity, DateOnly? From, DateOnly? To, string? User, int Page, int PageSize);

public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", ListAsync)
            .WithTags("Audit")
            .WithSummary("The audit trail, newest first: who changed what, when, before and after. Administrators only.")
            .RequireAuthorization(WebServices.AdminPolicy);
    }

    private static async Task<Results<Ok<Page<AuditItem>>, ValidationProblem>> ListAsync(
        string? entity, string? from, string? to, string? user, int? page, int? pageSize, LodestarDbContext db, CancellationToken ct)
    {
        if (!ApiProblems.TryDate(from, "from", DateOnly.MinValue, out var f, out var bad)
            || !ApiProblems.TryDate(to, "to", DateOnly.MaxValue, out var t, out bad)
            || !ApiProblems.TryPaging(page, pageSize, out var p, out var size, out bad))
        {
            return bad!;
        }

        return TypedResults.Ok(await QueryAsync(db, new AuditFilter(entity, f, t, user, p, size), ct));
    }

    /// <summary>Dates are days in Vietnam (UTC+7): "to" includes the whole day.</summary>
    public static async Task<Page<AuditItem>> QueryAsync(LodestarDbContext db, AuditFilter filter, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Entity))
        {
            query = query.Where(a => a.Entity == filter.Entity.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            query = query.Where(a => a.User == filter.User.Trim());
        }

        if (filter.From is { } from && from != DateOnly.MinValue)
        {
            var start = Dates.UtcAt(from);
            query = query.Where(a => a.At >= start);
        }

        if (filter.To is { } to && to != DateOnly.MaxValue)
        {
            var end = Dates.UtcAt(to.AddDays(1));
            query = query.Where(a => a.At < end);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .ToListAsync(ct);
        return new Page<AuditItem>(rows.Select(a => new AuditItem(a.At, a.User, a.Action, a.Entity, a.Key, Parse(a.Before), Parse(a.After))).ToList(), total);
    }

    private static JsonElement? Parse(string? json) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
