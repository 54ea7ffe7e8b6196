using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Analytics;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Analytics;

public static class AnalyticsApi
{
    public static void MapAnalyticsApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/analytics").WithTags("Analytics").RequireAuthorization(WebServices.ApiPolicy)
            .MapGet("/rollup", RollupAsync)
            .WithSummary("Approved values of one data element (element) for one period (period) from the live model: a unit (orgUnit, valid at the period's end; "
                + "without it, every province) with its own value and the sum, count, mean, min and max of what the units below it reported, and the same for each "
                + "child. Current within 0.1 s of any write through any instance (asOf: the newest change seen). Readers with a scope must name a unit in it.");

    private static async Task<Results<Ok<Rollup>, ValidationProblem, ProblemHttpResult>> RollupAsync(
        string? element, string? period, string? orgUnit, ClaimsPrincipal user, LiveAnalytics analytics, OrgUnitQueries units, AccessScope access, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(element))
        {
            return ApiProblems.Invalid("element", "Chọn một chỉ số dữ liệu (element).", "Choose a data element (element).");
        }

        if (!Period.TryParse(period, out var p))
        {
            return ApiProblems.Invalid("period", $"Kỳ '{period}' không hợp lệ; dùng 2025, 2025S1, 2025Q3 hoặc 202507.", $"Period '{period}' is not valid; use 2025, 2025S1, 2025Q3 or 202507.");
        }

        if (AccessScope.ScopeUnitId(user) is not null)
        {
            var unit = string.IsNullOrWhiteSpace(orgUnit) ? null : await units.FindAsync(orgUnit.Trim(), p.End, ct);
            if (unit is null || !await access.CanSeeAsync(user, unit.Id, p.End, ct))
            {
                return ApiProblems.Forbidden();
            }
        }

        return await analytics.RollupAsync(element.Trim(), p.Code, orgUnit?.Trim(), ct) is { } rollup
            ? TypedResults.Ok(rollup)
            : ApiProblems.NotFound(
                $"Không có số liệu đã duyệt của chỉ số '{element}' kỳ {p.Code}{(string.IsNullOrWhiteSpace(orgUnit) ? string.Empty : $" cho đơn vị '{orgUnit}'")}.",
                $"No approved values of element '{element}' for period {p.Code}{(string.IsNullOrWhiteSpace(orgUnit) ? string.Empty : $" for unit '{orgUnit}'")}.");
    }
}
