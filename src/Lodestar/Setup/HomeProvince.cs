using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Setup;

/// <summary>
/// The province this deployment serves, decided in this one place (ADR 0018): the province <c>LODESTAR_PROVINCE</c>
/// names; when unset, the one province (valid today) with a programme of its own; otherwise none: a national deployment,
/// where pages that need a province ask for one. The demo database needs no setting: its province is the only one with a
/// programme.
/// </summary>
public sealed class HomeProvince(LodestarDbContext db, LodestarOptions options, AccessScope scope, TimeProvider clock)
{
    /// <summary>The home province valid today, or null in a national deployment.</summary>
    /// <exception cref="SettingsException">LODESTAR_PROVINCE names no province valid today.</exception>
    public async Task<OrgUnit?> GetAsync(CancellationToken ct = default)
    {
        var today = Dates.Today(clock);
        var provinces = db.OrgUnits.AsNoTracking().ValidOn(today).Where(u => u.Level == OrgUnitLevel.Province);
        if (options.Province is { } code)
        {
            return await provinces.FirstOrDefaultAsync(u => u.Code == code, ct)
                ?? throw new SettingsException([$"LODESTAR_PROVINCE={code}: không có tỉnh, thành phố nào mang mã này vào ngày {today.ToDisplay()} / no province has this code on {today.ToIso()}"]);
        }

        var withData = await provinces.Where(p => db.Programmes.Any(g => g.ProvinceId == p.Id)).Take(2).ToListAsync(ct);
        return withData.Count == 1 ? withData[0] : null;
    }

    /// <summary>
    /// The unit a reader starts from when he names none: his scope unit; for an administrator (no scope) the home
    /// province, null in a national deployment, where he chooses; an account without a scope that is no administrator
    /// sees nothing, so none.
    /// </summary>
    public async Task<OrgUnit?> StartUnitAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        AccessScope.ScopeUnitId(user) is { } id ? await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct)
        : AccessScope.IsAdmin(user) ? await GetAsync(ct)
        : null;

    /// <summary>
    /// The province a reader works in (its steering committee, its frameworks): the province his scope is or lies in;
    /// for an administrator the home province, else null.
    /// </summary>
    public async Task<OrgUnit?> ProvinceOfAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (AccessScope.IsAdmin(user))
        {
            return await GetAsync(ct);
        }

        var id = await scope.ScopeProvinceIdAsync(user, Dates.Today(clock), ct);
        return id is null ? null : await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == id, ct);
    }

    /// <summary>Stops the start when LODESTAR_PROVINCE names no province (the database must hold the official units by then).</summary>
    public async Task CheckAsync(CancellationToken ct = default)
    {
        if (options.Province is not null)
        {
            await GetAsync(ct);
        }
    }
}
