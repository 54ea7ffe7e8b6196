using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Web.Reporting;

/// <summary>A report resolved from its address (form code, unit code, period code) with what the user may do with it.</summary>
public sealed record ReportContext(ReportForm Form, OrgUnit Unit, Period Period, bool CanEnter, bool CanReview);

/// <summary>
/// Who may do what with reports: anyone who sees the unit reads; the DX office, heads and reporting officers with the unit
/// in scope enter; the DX office (and administrators) whose scope is above the unit review — approve, return, re-open.
/// </summary>
public sealed class ReportAccess(LodestarDbContext db, ReportingService reporting, OrgUnitQueries units, AccessScope scope, TimeProvider clock)
{
    public DateOnly Today => Dates.Today(clock);

    public static bool IsReviewer(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice);

    /// <summary>Who may send reminders on demand: the DX office and administrators, and a head for his own units (the units are always his scope's).</summary>
    public static bool MayRemind(ClaimsPrincipal user) => IsReviewer(user) || user.IsInRole(Roles.UnitHead);

    /// <summary>The report, null when form, unit or period do not exist or the unit is outside the user's scope.</summary>
    public async Task<(ReportContext? Context, Msg? Error)> ResolveAsync(ClaimsPrincipal user, string form, string unit, string period, CancellationToken ct = default)
    {
        var f = await reporting.FormAsync(form, ct);
        if (f is null)
        {
            return (null, new Msg($"Không có biểu mẫu mã '{form}'.", $"There is no form with code '{form}'."));
        }

        if (!Period.TryParse(period, out var p) || p.Type != f.PeriodType)
        {
            return (null, new Msg($"Kỳ '{period}' không hợp lệ cho biểu mẫu {f.Code}.", $"Period '{period}' is not valid for form {f.Code}."));
        }

        var u = await units.FindAsync(unit, p.End, ct);
        if (u is null || !await reporting.IsAssignedAsync(f.Id, u.Id, ct))
        {
            return (null, new Msg($"Đơn vị '{unit}' không báo cáo biểu mẫu {f.Code}.", $"Unit '{unit}' does not report form {f.Code}."));
        }

        if (!await scope.CanSeeAsync(user, u.Id, p.End, ct))
        {
            return (null, null);
        }

        var canEnter = AccessScope.CanEnterData(user);
        var canReview = IsReviewer(user) && (AccessScope.IsAdmin(user) || AccessScope.ScopeUnitId(user) != u.Id);
        return (new ReportContext(f, u, p, canEnter, canReview), null);
    }

    public Func<int, DateOnly, CancellationToken, Task<bool>> MayWrite(ClaimsPrincipal user) =>
        (unitId, date, ct) => AccessScope.CanEnterData(user) ? scope.CanSeeAsync(user, unitId, date, ct) : Task.FromResult(false);

    /// <summary>
    /// Whether the user may define a form or redefine an existing one: forms are a province's, so administrators and the DX
    /// office of a province (not of a commune below it), and only a form whose reporting units all lie in that province.
    /// The new units are checked against <see cref="WithinAsync"/> when the form is saved.
    /// </summary>
    public async Task<bool> MayDefineAsync(ClaimsPrincipal user, string? formCode, CancellationToken ct = default)
    {
        if (AccessScope.IsAdmin(user))
        {
            return true;
        }

        if (!await scope.MayManageAsync(user, await scope.ScopeProvinceIdAsync(user, Today, ct), Today, ct))
        {
            return false;
        }

        var code = formCode?.Trim();
        var assigned = await db.ReportFormUnits.Where(u => db.ReportForms.Any(f => f.Id == u.FormId && f.Code == code)).Select(u => u.OrgUnitId).ToListAsync(ct);
        var visible = await scope.VisibleIdsAsync(user, Today, ct);
        return visible is null || assigned.All(visible.Contains);
    }

    /// <summary>The unit ids of the user's scope today, null for the whole country.</summary>
    public Task<IReadOnlySet<int>?> WithinAsync(ClaimsPrincipal user, CancellationToken ct = default) => scope.VisibleIdsAsync(user, Today, ct);

    /// <summary>The units whose reports the user sees: his scope's assigned units (all assigned units for an administrator).</summary>
    public async Task<List<int>> ReportingUnitsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var assigned = await db.ReportFormUnits.Select(u => u.OrgUnitId).Distinct().ToListAsync(ct);
        var visible = await scope.VisibleIdsAsync(user, Today, ct);
        return visible is null ? assigned : assigned.Where(visible.Contains).ToList();
    }
}
