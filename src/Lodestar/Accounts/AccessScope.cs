using System.Security.Claims;
using Lodestar.OrgUnits;

namespace Lodestar.Accounts;

/// <summary>
/// What a signed-in user may see and change: administrators everything; every other account the subtree
/// of its scope unit (a commune officer his commune and its villages), on the date being looked at.
/// </summary>
public sealed class AccessScope(OrgUnitQueries queries)
{
    public const string ScopeClaim = "lodestar:scope";

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

    /// <summary>The ids the user may see on the date, or null when he may see everything.</summary>
    public async Task<IReadOnlySet<int>?> VisibleIdsAsync(ClaimsPrincipal user, DateOnly asOf, CancellationToken ct = default) =>
        IsAdmin(user) || ScopeUnitId(user) is not { } scope ? null : await queries.SubtreeIdsAsync(scope, asOf, ct);

    public async Task<bool> CanSeeAsync(ClaimsPrincipal user, int unitId, DateOnly asOf, CancellationToken ct = default)
    {
        if (IsAdmin(user) || ScopeUnitId(user) is not { } scope || scope == unitId)
        {
            return true;
        }

        return (await queries.AncestorIdsAsync(unitId, asOf, ct)).Contains(scope);
    }
}
