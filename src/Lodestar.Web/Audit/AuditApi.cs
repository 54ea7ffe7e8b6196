using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Audit;

public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", ListAsync)
            .WithTags("Audit")
            .WithSummary("The audit trail, newest first: who changed what, when, before and after. Administrators only.")
            .RequireAuthorization(WebServices.AdminPolicy);
    }

    private static async Task<Results<Ok<Page<AuditItem>>, ValidationProblem>> ListAsync(
        string? entity, string? from, string? to, string? user, int? page, int? pageSize, AuditQueries audit, CancellationToken ct)
    {
        if (!ApiProblems.TryDate(from, "from", DateOnly.MinValue, out var f, out var bad)
            || !ApiProblems.TryDate(to, "to", DateOnly.MaxValue, out var t, out bad)
            || !ApiProblems.TryPaging(page, pageSize, out var p, out var size, out bad))
        {
            return bad!;
        }

        return TypedResults.Ok(await audit.ListAsync(new AuditFilter(entity, f, t, user, p, size), ct));
    }
}
