using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Setup;
using Lodestar.Steering;
using Lodestar.Web.Programmes;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Web.Steering;

/// <summary>
/// Who may prepare meetings (the DX office and administrators), and the unit, period and day a dashboard is asked for:
/// the unit given, else the reader's scope unit, else the deployment's home province (none in a national deployment: the
/// reader chooses); the period given, else this year.
/// </summary>
public sealed class SteeringAccess(LodestarDbContext db, OrgUnitQueries units, AccessScope scope, TimeProvider clock, DashboardCache dashboards, MeetingService meetings, HomeProvince home)
{
    public DateOnly Today => Dates.Today(clock);

    public static bool CanPrepare(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice);

    public async Task<(Dashboard? Data, ProgressQuery Query)> DashboardAsync(ClaimsPrincipal user, string? orgUnit, string? period, CancellationToken ct = default)
    {
        // Which unit and period the request means depends on these alone, and changes only when the data does.
        var key = (AccessScope.IsAdmin(user), AccessScope.ScopeUnitId(user), orgUnit, period, Today, System.Globalization.CultureInfo.CurrentUICulture.Name);
        var query = await dashboards.RememberAsync(key, async () =>
        {
            var start = string.IsNullOrWhiteSpace(orgUnit) ? await home.StartUnitAsync(user, ct) : null;
            return await ProgressQuery.ResolveAsync(orgUnit, period, start?.Id, user, units, scope, clock);
        }, ct);
        if (query.Unit is null || query.Error is not null)
        {
            return (null, query);
        }

        return (await dashboards.GetAsync(query.Unit, query.Period, Today, LocalChanges.LastBy(user.Identity?.Name), ct), query);
    }

    /// <summary>A meeting the reader may see (its province in his scope), or null.</summary>
    public async Task<MeetingDetail?> MeetingAsync(ClaimsPrincipal user, string uid, CancellationToken ct = default)
    {
        var meeting = await meetings.GetAsync(uid, ct);
        if (meeting is null)
        {
            return null;
        }

        var provinceId = await db.OrgUnits.Where(u => u.Code == meeting.ProvinceCode && u.Level == OrgUnitLevel.Province).OrderBy(u => u.ValidTo != null).Select(u => u.Id).FirstAsync(ct);
        return await scope.CanSeeAsync(user, provinceId, Today, ct) ? meeting : null;
    }

    /// <summary>The province (valid today) a meeting is held for: the code given, else the reader's scope unit or the home province.</summary>
    public async Task<OrgUnit?> ProvinceAsync(ClaimsPrincipal user, string? code, CancellationToken ct = default)
    {
        var unit = string.IsNullOrWhiteSpace(code) ? await home.StartUnitAsync(user, ct) : await units.FindAsync(code.Trim(), Today, ct);

        return unit is { Level: OrgUnitLevel.Province } && await scope.CanSeeAsync(user, unit.Id, Today, ct) ? unit : null;
    }

    /// <summary>Why <see cref="ProvinceAsync"/> found none: the code given is no province in the reader's scope, or none was given where there is no home province.</summary>
    public static Msg NoProvince(string? code) => string.IsNullOrWhiteSpace(code)
        ? new Msg("Hãy chọn tỉnh, thành phố.", "Choose a province.")
        : new Msg($"Không có tỉnh mã {code} trong phạm vi của bạn.", $"No province with code {code} in your scope.");

    public async Task<IReadOnlySet<int>?> WithinAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        await scope.VisibleIdsAsync(user, Today, ct);

    /// <summary>The pack as a document, signed by whoever heads the province on its date.</summary>
    public async Task<PackDocument> DocumentAsync(MeetingDetail meeting, CancellationToken ct = default)
    {
        var date = meeting.Pack?.IssuedAt is { } at ? Dates.VietnamDay(at) : Today;
        var signer = await db.PositionTerms.Where(t => t.Position.IsHead && t.Position.OrgUnit.Code == meeting.ProvinceCode && t.Position.OrgUnit.Level == OrgUnitLevel.Province
                && t.StartOn <= date && (t.EndOn == null || t.EndOn >= date))
            .Select(t => t.Person.FullName).FirstOrDefaultAsync(ct);
        return PackDocument.Of(meeting, Today, signer);
    }
}
