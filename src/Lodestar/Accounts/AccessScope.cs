using System.Collections.Frozen;
using System.Security.Claims;
using Lodestar.OrgUnits;

namespace Lodestar.Accounts;

/// <summary>
/// What a signed-in user may see and change: administrators everything; every other account the subtree
/// of its scope unit (a commune officer his commune and its villages), on the date being looked at.
/// </summary>
public sealed class AccessScope(OrgUnitQueries queries, TimeProvider clock, Data.FigureCache? figures = null)
{
    public const string ScopeClaim = "lodestar:scope";

    /// <summary>Today in Vietnam by the application's clock: the date a check "as of now" looks at.</summary>
    public DateOnly Today => Common.Dates.Today(clock);

    public static int? ScopeUnitId(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ScopeClaim), out var id) ? id : null;

    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static bool CanEditOrganisation(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice);

    /// <summary>Programmes, targets and indicators are the DX office's to configure.</summary>
    public static bool CanEditProgrammes(ClaimsPrincipal user) => CanEditOrganisation(user);

    /// <summary>Who may enter reported values (for units in his scope): the DX office, heads and reporting officers.</summary>
    public static bool CanEnterData(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice) || user.IsInRole(Roles.UnitHead) || user.IsInRole(Roles.ReportingOfficer);

    /// <summary>
    /// Who approves a value no report form collects by entering it (the explicit approval for data without a form): the
    /// DX office and administrators. Values of report forms count only after their report's approval, whoever enters them.
    /// </summary>
    public static bool CanApproveValues(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice);

    /// <summary>
    /// The ids the user may see on the date, or null when he may see everything (administrators). A non-administrator
    /// without a scope sees nothing: a missing scope never widens what an account reaches.
    /// </summary>
    public async Task<IReadOnlySet<int>?> VisibleIdsAsync(ClaimsPrincipal user, DateOnly asOf, CancellationToken ct = default) =>
        IsAdmin(user) ? null
        : ScopeUnitId(user) is not { } scope ? new HashSet<int>()
        : await SubtreeAsync(scope, asOf, ct);

    /// <summary>The unit and every unit below it on the date, kept until the organisation changes (<see cref="Data.FigureCache"/>).</summary>
    public async Task<IReadOnlySet<int>> SubtreeAsync(int rootId, DateOnly asOf, CancellationToken ct = default) =>
        figures is null ? await queries.SubtreeIdsAsync(rootId, asOf, ct)
        : await figures.GetAsync<IReadOnlySet<int>>((nameof(SubtreeAsync), rootId, asOf), Data.ChangeKinds.Structure,
            async () => (await queries.SubtreeIdsAsync(rootId, asOf, ct)).ToFrozenSet(), ct);

    public async Task<bool> CanSeeAsync(ClaimsPrincipal user, int unitId, DateOnly asOf, CancellationToken ct = default)
    {
        if (IsAdmin(user))
        {
            return true;
        }

        if (ScopeUnitId(user) is not { } scope)
        {
            return false;
        }

        return scope == unitId || (await queries.AncestorIdsAsync(unitId, asOf, ct)).Contains(scope);
    }

    /// <summary>
    /// Whether the user may change what a unit owns — a province's frameworks, programmes, report forms, publications and
    /// steering committee (<paramref name="ownerUnitId"/> null: national). Administrators may change anything; the DX office
    /// only what belongs to a unit inside its subtree: scoped to a province, that province's things; scoped to a commune,
    /// nothing at province level; national things never.
    /// </summary>
    public async Task<bool> MayManageAsync(ClaimsPrincipal user, int? ownerUnitId, DateOnly asOf, CancellationToken ct = default) =>
        IsAdmin(user) || (user.IsInRole(Roles.DxOffice) && ownerUnitId is { } owner && await CanSeeAsync(user, owner, asOf, ct));

    /// <summary>The province (on the date) the user's scope unit is or lies in; null for administrators and accounts without one.</summary>
    public async Task<int?> ScopeProvinceIdAsync(ClaimsPrincipal user, DateOnly asOf, CancellationToken ct = default) =>
        IsAdmin(user) || ScopeUnitId(user) is not { } scope ? null : await queries.ProvinceIdAsync(scope, asOf, ct);
}
