using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Values;

/// <summary>A stored value; <c>Approved</c> false: it waits for its report's (or the DX office's) approval and counts in no official figure.</summary>
public sealed record DataValueItem(
    string DataElement, string OrgUnit, string OrgUnitName, string Period, double Value, string? Comment, string UpdatedBy, DateTime UpdatedAt, bool Approved);

public sealed record DataValueChangeItem(string DataElement, string Period, double? OldValue, double? NewValue, string? Comment, string By, DateTime At);

/// <summary>Filters for reading values; unit ids already resolved (and limited to the reader's scope).</summary>
public sealed record DataValueFilter(
    IReadOnlyCollection<int>? ElementIds, IReadOnlyCollection<int>? UnitIds, string? Period, DateOnly? From, DateOnly? To, int Page, int PageSize);

public sealed class DataValueQueries(LodestarDbContext db)
{
    public async Task<Page<DataValueItem>> ListAsync(DataValueFilter f, CancellationToken ct = default)
    {
        var q = db.DataValues.AsNoTracking();
        if (f.ElementIds is { } elements)
        {
            q = q.Where(v => elements.Contains(v.DataElementId));
        }

        if (f.UnitIds is { } units)
        {
            q = q.Where(v => units.Contains(v.OrgUnitId));
        }

        if (f.Period is { } period)
        {
            q = q.Where(v => v.Period == period);
        }

        if (f.From is { } from)
        {
            q = q.Where(v => v.StartOn >= from);
        }

        if (f.To is { } to)
        {
            q = q.Where(v => v.EndOn <= to);
        }

        var total = await q.CountAsync(ct);
        var items = await q
            .OrderBy(v => v.DataElement.Code).ThenBy(v => v.OrgUnit.Code).ThenBy(v => v.StartOn).ThenBy(v => v.EndOn)
            .Skip((f.Page - 1) * f.PageSize).Take(f.PageSize)
            .Select(v => new DataValueItem(v.DataElement.Code, v.OrgUnit.Code, v.OrgUnit.Name, v.Period, v.Value, v.Comment, v.UpdatedBy, v.UpdatedAt, v.Approved))
            .ToListAsync(ct);
        return new Page<DataValueItem>(items, total);
    }

    /// <summary>Every change of the values of some elements at one unit, newest first.</summary>
    public async Task<List<DataValueChangeItem>> HistoryAsync(IReadOnlyCollection<int> elementIds, int unitId, int take, CancellationToken ct = default) =>
        await (from c in db.DataValueChanges.AsNoTracking()
               join e in db.DataElements on c.DataElementId equals e.Id
               where elementIds.Contains(c.DataElementId) && c.OrgUnitId == unitId
               orderby c.Id descending
               select new DataValueChangeItem(e.Code, c.Period, c.OldValue, c.NewValue, c.Comment, c.By, c.At))
            .Take(take)
            .ToListAsync(ct);
}
