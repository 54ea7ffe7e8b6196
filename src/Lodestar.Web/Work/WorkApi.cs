using System.Security.Claims;
using Lodestar.OrgUnits;
using Lodestar.Work;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Work;

/// <summary>One item waiting for the reader: kind (report, task-completion, dti-assessment), what, unit, who submitted it and when, where to decide.</summary>
public sealed record ReviewItemDto(ReviewKind Kind, string Key, string What, string OrgUnit, string OrgUnitName, DateTime SubmittedAt, string SubmittedBy, string Link);

public static class WorkApi
{
    public static void MapWorkApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Work").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/review", ReviewAsync)
            .WithSummary("What waits for the reader's decision within his scope, oldest first: submitted reports (DX office), task completions (assigners), submitted DTI self-assessments (DX office); {items,total}. Decide with the report, task and DTI endpoints.");
    }

    private static async Task<Ok<Page<ReviewItemDto>>> ReviewAsync(ClaimsPrincipal user, ReviewQueries queue, CancellationToken ct)
    {
        var items = (await queue.ListAsync(user, ct))
            .Select(i => new ReviewItemDto(i.Kind, i.Key, i.What.ToString(), i.UnitCode, i.UnitName, i.SubmittedAt, i.SubmittedBy, i.Link)).ToList();
        return TypedResults.Ok(new Page<ReviewItemDto>(items, items.Count));
    }
}
