using System.Security.Claims;
using Lodestar.Accounts;

namespace Lodestar.Tasks;

/// <summary>
/// Who may do what with tasks, on top of the unit scope (AccessScope): the assigning side (DX office, steering
/// members, administrators) creates, accepts, returns, approves, refuses and cancels; the owner unit (its head and
/// reporting officer, within their scope) reports progress and completion and asks for extensions.
/// </summary>
public static class TaskRights
{
    public static bool CanAssign(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice) || user.IsInRole(Roles.SteeringMember);

    public static bool CanReport(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.UnitHead) || user.IsInRole(Roles.ReportingOfficer);
}
