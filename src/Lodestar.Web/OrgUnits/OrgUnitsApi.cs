using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;

namespace Lodestar.Web.OrgUnits;

public sealed record OrgUnitResponse(
    string Uid, string Code, string Name, string FullName, string Type, OrgUnitLevel Level, string? ParentCode,
    DateOnly? ValidFrom, DateOnly? ValidTo, string? NameEn, string? TypeEn, bool Official, IReadOnlyList<OrgUnitRef> Parents);

public static class OrgUnitsApi
{
    public static void MapOrgUnitsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/org-units").WithTags("Org units").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/", ListAsync).WithSummary("Units valid on asOf (default today), filtered by level, type, parent and a diacritic-insensitive name query.");
        api.MapGet("/{code}", GetAsync).WithSummary("One unit on asOf, with its chain of parents.");
        api.MapGet("/{code}/lineage", LineageAsync).WithSummary("The units this one was formed from and the units it became.");
        api.MapGet("/{code}/head", HeadAsync).WithSummary("Who held the unit's head position on asOf.");
    }

    private static async Task<Results<Ok<Page<OrgUnitItem>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? level, string? type, string? parent, string? q, string? asOf, int? page, int? pageSize,
        ClaimsPrincipal user, OrgUnitQueries queries, AccessScope scope, TimeProvider clock, CancellationToken ct)
    {
        if (!ApiProblems.TryDate(asOf, "asOf", Dates.Today(clock), out var date, out var bad)
            || !ApiProblems.TryPaging(page, pageSize, out var p, out var size, out bad))
        {
            return bad!;
        }

        OrgUnitLevel? lvl = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (!OrgUnitQueryExtensions.TryParseLevel(level, out var parsed))
            {
                return ApiProblems.Invalid("level", $"Cấp '{level}' không có; dùng province, district, commune, village hoặc agency.",
                    $"Unknown level '{level}'; use province, district, commune, village or agency.");
            }

            lvl = parsed;
        }

        int? parentId = null;
        if (!string.IsNullOrWhiteSpace(parent))
        {
            var parentUnit = await queries.FindAsync(parent.Trim(), date, ct);
            if (parentUnit is null)
            {
                return ApiProblems.NotFound($"Không có đơn vị cha mã {parent} vào ngày {date.ToDisplay()}.", $"No parent unit has code {parent} on {date.ToDisplay()}.");
            }

            if (!await scope.CanSeeAsync(user, parentUnit.Id, date, ct))
            {
                return ApiProblems.Forbidden();
            }

            parentId = parentUnit.Id;
        }

        var within = await scope.VisibleIdsAsync(user, date, ct);
        var result = await queries.ListAsync(new OrgUnitFilter(date, lvl, type, parentId, q, within, p, size), ct);
        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<OrgUnitResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string code, string? asOf, ClaimsPrincipal user, OrgUnitQueries queries, AccessScope scope, TimeProvider clock, CancellationToken ct)
    {
        var (unit, date, bad, problem) = await ResolveAsync(code, asOf, user, queries, scope, clock, ct);
        if (bad is not null || problem is not null)
        {
            return bad is not null ? bad : problem!;
        }

        var detail = await queries.DetailAsync(unit!, date, ct);
        var u = detail.Unit;
        return TypedResults.Ok(new OrgUnitResponse(u.Uid, u.Code, u.Name, u.FullName, u.Type, u.Level, u.ParentCode, u.ValidFrom, u.ValidTo,
            detail.NameEn, detail.TypeEn, detail.IsOfficial, detail.Parents));
    }

    private static async Task<Results<Ok<Lineage>, ValidationProblem, ProblemHttpResult>> LineageAsync(
        string code, string? asOf, ClaimsPrincipal user, OrgUnitQueries queries, AccessScope scope, TimeProvider clock, CancellationToken ct)
    {
        var (unit, _, bad, problem) = await ResolveAsync(code, asOf, user, queries, scope, clock, ct);
        if (bad is not null || problem is not null)
        {
            return bad is not null ? bad : problem!;
        }

        return TypedResults.Ok(await queries.LineageAsync(unit!.Id, ct));
    }

    private static async Task<Results<Ok<HeadTerm>, ValidationProblem, ProblemHttpResult>> HeadAsync(
        string code, string? asOf, ClaimsPrincipal user, OrgUnitQueries queries, AccessScope scope, TimeProvider clock, CancellationToken ct)
    {
        var (unit, date, bad, problem) = await ResolveAsync(code, asOf, user, queries, scope, clock, ct);
        if (bad is not null || problem is not null)
        {
            return bad is not null ? bad : problem!;
        }

        var head = await queries.HeadAsync(unit!.Id, date, ct);
        return head is null
            ? ApiProblems.NotFound($"Chưa ghi nhận người đứng đầu của {unit.FullName} vào ngày {date.ToDisplay()}.", $"No head of {unit.FullName} is recorded on {date.ToDisplay()}.")
            : TypedResults.Ok(head);
    }

    /// <summary>The unit with the code on the date, or the problem to answer: bad date, unknown code, out of scope.</summary>
    private static async Task<(OrgUnit? Unit, DateOnly Date, ValidationProblem? Bad, ProblemHttpResult? Problem)> ResolveAsync(
        string code, string? asOf, ClaimsPrincipal user, OrgUnitQueries queries, AccessScope scope, TimeProvider clock, CancellationToken ct)
    {
        if (!ApiProblems.TryDate(asOf, "asOf", Dates.Today(clock), out var date, out var bad))
        {
            return (null, date, bad, null);
        }

        var unit = await queries.FindAsync(code, date, ct);
        if (unit is null)
        {
            return (null, date, null, ApiProblems.NotFound($"Không có đơn vị mã {code} vào ngày {date.ToDisplay()}.", $"No unit has code {code} on {date.ToDisplay()}."));
        }

        if (!await scope.CanSeeAsync(user, unit.Id, date, ct))
        {
            return (null, date, null, ApiProblems.Forbidden());
        }

        return (unit, date, null, null);
    }
}
