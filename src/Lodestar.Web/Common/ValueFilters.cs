using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Web.Common;

/// <summary>The filters of the endpoints that list data values (<c>/api/v1/values</c>, <c>/api/v1/dataValueSets</c>), read once.</summary>
public static class ValueFilters
{
    /// <summary>Comma-separated element codes as ids (null: no filter), or the problem naming an unknown code.</summary>
    public static async Task<(List<int>? Ids, ValidationProblem? Problem)> ElementsAsync(LodestarDbContext db, string? dataElement, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(dataElement))
        {
            return (null, null);
        }

        var codes = dataElement.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ids = await db.DataElements.Where(e => codes.Contains(e.Code)).Select(e => e.Id).ToListAsync(ct);
        return ids.Count == codes.Distinct(StringComparer.Ordinal).Count()
            ? (ids, null)
            : (null, ApiProblems.Invalid("dataElement", $"Không có chỉ số dữ liệu '{dataElement}'.", $"Unknown data element '{dataElement}'."));
    }

    /// <summary>
    /// The units a reader may ask about on <paramref name="date"/>: his scope (null: all, an administrator), or one unit of
    /// it (with its subtree when <paramref name="children"/>); the problem when the unit is unknown or outside his scope.
    /// </summary>
    public static async Task<(IReadOnlyCollection<int>? Ids, ProblemHttpResult? Problem)> UnitsAsync(
        AccessScope scope, OrgUnitQueries units, ClaimsPrincipal user, string? orgUnit, bool? children, DateOnly date, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(orgUnit))
        {
            return (await scope.VisibleIdsAsync(user, date, ct), null);
        }

        var unit = await units.FindAsync(orgUnit.Trim(), date, ct);
        if (unit is null)
        {
            return (null, ApiProblems.NotFound($"Không có đơn vị mã {orgUnit} vào ngày {date.ToDisplay()}.", $"No unit has code {orgUnit} on {date.ToDisplay()}."));
        }

        if (!await scope.CanSeeAsync(user, unit.Id, date, ct))
        {
            return (null, ApiProblems.Forbidden());
        }

        return (children == true ? await scope.SubtreeAsync(unit.Id, date, ct) : [unit.Id], null);
    }
}
