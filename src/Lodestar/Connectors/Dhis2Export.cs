using System.Globalization;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Connectors;

/// <summary>One value in DHIS2's dataValueSets shape; codes are Lodestar's (element code, unit statistics code), the value is text as DHIS2 sends it.</summary>
public sealed record Dhis2DataValue(string DataElement, string Period, string OrgUnit, string Value, string? Comment, string StoredBy, DateTime LastUpdated);

/// <summary>DHIS2's <c>{ dataValues: [...] }</c>: what another system (or a <c>dhis2</c> connector of another Lodestar) reads.</summary>
public sealed record Dhis2DataValueSet(IReadOnlyList<Dhis2DataValue> DataValues);

/// <summary>
/// Lodestar as a source (README.md): approved values only — a value waiting for approval counts in no official figure, so
/// it leaves for no other system either — filtered by elements, units (already limited to the reader's scope) and periods,
/// at most <see cref="MaxValues"/> at a time.
/// </summary>
public sealed class Dhis2Export(LodestarDbContext db)
{
    public const int MaxValues = 100_000;

    /// <summary>The values, or null when more than <see cref="MaxValues"/> match (the caller asks for a narrower filter).</summary>
    public async Task<Dhis2DataValueSet?> ReadAsync(IReadOnlyCollection<int>? elementIds, IReadOnlyCollection<int>? unitIds, IReadOnlyCollection<string>? periods, CancellationToken ct = default)
    {
        var q = db.DataValues.AsNoTracking().Where(v => v.Approved);
        if (elementIds is not null)
        {
            q = q.Where(v => elementIds.Contains(v.DataElementId));
        }

        if (unitIds is not null)
        {
            q = q.Where(v => unitIds.Contains(v.OrgUnitId));
        }

        if (periods is not null)
        {
            q = q.Where(v => periods.Contains(v.Period));
        }

        var rows = await q.OrderBy(v => v.DataElement.Code).ThenBy(v => v.OrgUnit.Code).ThenBy(v => v.StartOn).ThenBy(v => v.EndOn)
            .Take(MaxValues + 1)
            .Select(v => new { Element = v.DataElement.Code, v.Period, Unit = v.OrgUnit.Code, v.Value, v.Comment, v.UpdatedBy, v.UpdatedAt })
            .ToListAsync(ct);
        return rows.Count > MaxValues
            ? null
            : new Dhis2DataValueSet(rows.Select(r => new Dhis2DataValue(
                r.Element, r.Period, r.Unit, r.Value.ToString("R", CultureInfo.InvariantCulture), r.Comment, r.UpdatedBy, r.UpdatedAt)).ToList());
    }
}
