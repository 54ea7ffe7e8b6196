using System.Text.Json;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Web.Audit;

public sealed record AuditItem(DateTime At, string User, string Action, string Entity, string Key, JsonElement? Before, JsonElement? After);

public sealed record AuditFilter(string? Entity, DateOnly? From, DateOnly? To, string? User, int Page, int PageSize);

/// <summary>
/// Reads the audit trail for the API and the page. It lives in the host, not in the domain's Audit folder: that folder is a
/// foundation that uses nothing but Common (FeatureDependencyTests), and reading the trail needs the DbContext.
/// </summary>
public sealed class AuditQueries(LodestarDbContext db)
{
    /// <summary>Dates are days in Vietnam (UTC+7): "to" includes the whole day.</summary>
    public async Task<Page<AuditItem>> ListAsync(AuditFilter filter, CancellationToken ct = default)
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
